DROP TABLE "monitors";
