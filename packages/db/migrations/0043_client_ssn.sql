ALTER TABLE "clients" ADD COLUMN "ssn" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "ssn_index" text;--> statement-breakpoint
CREATE INDEX "clients_ssn_index_idx" ON "clients" USING btree ("practice_id","ssn_index") WHERE "clients"."ssn_index" is not null;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_ssn_index_check" CHECK (("clients"."ssn" is null) = ("clients"."ssn_index" is null));