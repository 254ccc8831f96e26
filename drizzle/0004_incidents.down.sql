DROP TABLE "incidents";
