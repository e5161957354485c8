CREATE TYPE "public"."telehealth_participant_state" AS ENUM('waiting', 'admitted', 'removed');--> statement-breakpoint
CREATE TYPE "public"."telehealth_session_status" AS ENUM('open', 'live', 'ended');--> statement-breakpoint
CREATE TABLE "telehealth_join_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telehealth_participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"client_id" uuid,
	"via" text NOT NULL,
	"state" "telehealth_participant_state" NOT NULL,
	"at_home" boolean,
	"pass_hash" text,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"admitted_at" timestamp with time zone,
	"admitted_by" uuid,
	CONSTRAINT "telehealth_participants_who_check" CHECK (("telehealth_participants"."role" = 'host' and "telehealth_participants"."user_id" is not null and "telehealth_participants"."client_id" is null) or ("telehealth_participants"."role" = 'client' and "telehealth_participants"."client_id" is not null and "telehealth_participants"."user_id" is null))
);
--> statement-breakpoint
CREATE TABLE "telehealth_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"status" "telehealth_session_status" DEFAULT 'open' NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telehealth_sessions_times_check" CHECK ("telehealth_sessions"."ended_at" is null or "telehealth_sessions"."started_at" is null or "telehealth_sessions"."ended_at" >= "telehealth_sessions"."started_at")
);
--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "actual_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "actual_ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "place_of_service" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "modifiers" text[];--> statement-breakpoint
ALTER TABLE "telehealth_join_links" ADD CONSTRAINT "telehealth_join_links_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telehealth_join_links" ADD CONSTRAINT "telehealth_join_links_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telehealth_participants" ADD CONSTRAINT "telehealth_participants_session_id_telehealth_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."telehealth_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telehealth_participants" ADD CONSTRAINT "telehealth_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telehealth_participants" ADD CONSTRAINT "telehealth_participants_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telehealth_sessions" ADD CONSTRAINT "telehealth_sessions_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "telehealth_join_links_token_key" ON "telehealth_join_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "telehealth_join_links_appointment_idx" ON "telehealth_join_links" USING btree ("appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telehealth_participants_user_key" ON "telehealth_participants" USING btree ("session_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telehealth_participants_client_key" ON "telehealth_participants" USING btree ("session_id","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "telehealth_participants_pass_key" ON "telehealth_participants" USING btree ("pass_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "telehealth_sessions_appointment_key" ON "telehealth_sessions" USING btree ("appointment_id");--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_actual_period_check" CHECK ("appointments"."actual_ended_at" is null or "appointments"."actual_ended_at" >= "appointments"."actual_started_at");