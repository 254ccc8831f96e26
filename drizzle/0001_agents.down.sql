DROP TABLE "agents";
