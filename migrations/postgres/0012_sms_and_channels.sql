-- News by SMS, and the channels each person chose (postgres). Mirrors
-- ../sqlite/0012_sms_and_channels.sql.

-- Each notification's SMS, tracked like its mail: 'none' when no SMS goes (the person did not
-- choose SMS or has no phone), else pending until sent, given up ('failed') or found without a
-- number ('no_address'). Claimed with a compare-and-set like mails.
ALTER TABLE notifications ADD COLUMN sms_state TEXT NOT NULL DEFAULT 'none'
    CHECK (sms_state IN ('none', 'pending', 'sent', 'no_address', 'failed'));
ALTER TABLE notifications ADD COLUMN sms_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN sms_next_at TIMESTAMPTZ;
CREATE INDEX notifications_sms ON notifications (sms_state, sms_next_at);

-- How a person wants to be told, besides "My messages" (which always holds everything). No row:
-- by mail where an address is known, no SMS.
CREATE TABLE notification_channels (
    person_id   UUID PRIMARY KEY REFERENCES people (id),
    mail        BOOLEAN NOT NULL,
    sms         BOOLEAN NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
