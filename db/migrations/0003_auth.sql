CREATE TABLE "signin_failures" (
	"key" varchar(400) PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL
);
