-- Appointments: services, locations, opening hours, slots, bookings, requests for a time,
-- reminders (SQLite). Mirrors ../postgres/0004_appointments.sql.

CREATE TABLE services (
    code                      TEXT PRIMARY KEY,
    names                     TEXT NOT NULL,
    minutes                   INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    roles                     TEXT NOT NULL DEFAULT '[]',
    bring_documents           INTEGER NOT NULL CHECK (bring_documents IN (0, 1)),
    max_active_per_household  INTEGER NOT NULL CHECK (max_active_per_household >= 1),
    created_at                TEXT NOT NULL
) STRICT;

CREATE TABLE locations (
    id           BLOB PRIMARY KEY,
    office_code  TEXT NOT NULL REFERENCES offices (code),
    name         TEXT NOT NULL,
    address      TEXT NOT NULL,
    time_zone    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (office_code, name)
) STRICT;

-- Weekly opening hours per location and service, in the location's local time.
CREATE TABLE opening_hours (
    location_id   BLOB NOT NULL REFERENCES locations (id),
    service_code  TEXT NOT NULL REFERENCES services (code),
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens         TEXT NOT NULL,
    closes        TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity >= 1),
    PRIMARY KEY (location_id, service_code, weekday, opens)
) STRICT;

-- Holidays (no hours) and days with other hours.
CREATE TABLE schedule_exceptions (
    location_id  BLOB NOT NULL REFERENCES locations (id),
    day          TEXT NOT NULL,
    opens        TEXT,
    closes       TEXT,
    capacity     INTEGER,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (location_id, day)
) STRICT;

-- Bookable slots. The database itself refuses an overbooked slot: `booked <= capacity`.
CREATE TABLE slots (
    id            BLOB PRIMARY KEY,
    location_id   BLOB NOT NULL REFERENCES locations (id),
    service_code  TEXT NOT NULL REFERENCES services (code),
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity >= 0),
    booked        INTEGER NOT NULL DEFAULT 0,
    CHECK (booked >= 0 AND booked <= capacity),
    UNIQUE (location_id, service_code, starts_at)
) STRICT;
CREATE INDEX slots_open ON slots (location_id, service_code, starts_at);

CREATE TABLE appointments (
    id            BLOB PRIMARY KEY,
    slot_id       BLOB NOT NULL REFERENCES slots (id),
    household_id  BLOB NOT NULL REFERENCES households (id),
    person_id     BLOB NOT NULL REFERENCES people (id),
    service_code  TEXT NOT NULL REFERENCES services (code),
    status        TEXT NOT NULL CHECK (status IN ('booked', 'attended', 'no_show', 'cancelled')),
    -- iCalendar SEQUENCE: +1 at every change the person is told about.
    sequence      INTEGER NOT NULL DEFAULT 0,
    reason        TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX appointments_household ON appointments (household_id, service_code, status);
CREATE INDEX appointments_person ON appointments (person_id, created_at);
CREATE INDEX appointments_slot ON appointments (slot_id);

-- "No slot fits": the person asks, staff offer a time.
CREATE TABLE appointment_requests (
    id              BLOB PRIMARY KEY,
    household_id    BLOB NOT NULL REFERENCES households (id),
    person_id       BLOB NOT NULL REFERENCES people (id),
    service_code    TEXT NOT NULL REFERENCES services (code),
    location_id     BLOB NOT NULL REFERENCES locations (id),
    preferred       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'offered', 'withdrawn')),
    appointment_id  BLOB REFERENCES appointments (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX appointment_requests_open ON appointment_requests (status, created_at);

-- One reminder per appointment, the day before; claimed with a compare-and-set so that with
-- several server instances it is sent exactly once.
CREATE TABLE appointment_reminders (
    appointment_id  BLOB PRIMARY KEY REFERENCES appointments (id),
    due_at          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'dropped')),
    lease_until     TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX appointment_reminders_due ON appointment_reminders (state, due_at);

ALTER TABLE notifications ADD COLUMN appointment_id BLOB REFERENCES appointments (id);
