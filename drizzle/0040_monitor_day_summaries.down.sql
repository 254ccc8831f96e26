DROP TABLE "monitor_day_summaries";
