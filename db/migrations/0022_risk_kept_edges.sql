-- Incremental re-score reads its edges from kept state (issue 14, part 3).
-- Every conversation in the scoring window between a minor and an account judged old enough to count
-- it as a younger minor, seen from the older side (the columns of a run's `risk_edges`), as the last
-- run that kept ages left them. Kept in the same runs and the same transactions as
-- risk_account_ages: an incremental run rewrites only the edges of conversations that changed and of
-- accounts whose kept age changed, then reads its scope's edges here instead of reading every
-- conversation of every account it re-assesses (lib/risk/score.ts).
CREATE TABLE "risk_kept_edges" (
	"older_id" varchar(64) NOT NULL,
	"minor_id" varchar(64) NOT NULL,
	"minor_age" integer,
	"older_initiated" boolean NOT NULL,
	"msgs_older" integer NOT NULL,
	"msgs_minor" integer NOT NULL,
	"media_minor" integer NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	-- A conversation's edges are found by their pair in either order: (older, minor) or (minor, older).
	CONSTRAINT "risk_kept_edges_pk" PRIMARY KEY ("older_id", "minor_id")
);
