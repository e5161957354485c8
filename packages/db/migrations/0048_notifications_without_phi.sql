-- Minimum necessary: staff notifications no longer store the client's name or clinical text (the
-- inbox looks the name up when read, for readers who reach the client). Rewrite the rows written
-- before, keeping only the risk level, which the producers still store.
UPDATE staff_notifications
SET message = 'A measure answer raised a '
  || coalesce(substring(message from '^Risk flag \(([a-z_]+)\)') || ' ', '')
  || 'risk flag: review it on the chart'
WHERE kind = 'risk_flag';
--> statement-breakpoint
UPDATE staff_notifications
SET message = CASE
  WHEN message LIKE '%: approve or decline it on the schedule'
    THEN 'Online booking request: approve or decline it on the schedule'
  ELSE 'Booked online: see the schedule'
END
WHERE kind = 'online_booking';
