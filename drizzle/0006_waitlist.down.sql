DROP TABLE "waitlist_signups";
