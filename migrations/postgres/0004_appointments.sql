-- Appointments: services, locations, opening hours, slots, bookings, requests for a time,
-- reminders (PostgreSQL). Mirrors ../sqlite/0004_appointments.sql.

CREATE TABLE services (
    code                      TEXT PRIMARY KEY,
    names                     JSONB NOT NULL,
    minutes                   BIGINT NOT NULL CHECK (minutes BETWEEN 5 AND 480),
    roles                     JSONB NOT NULL DEFAULT '[]',
    bring_documents           BOOLEAN NOT NULL,
    max_active_per_household  BIGINT NOT NULL CHECK (max_active_per_household >= 1),
    created_at                TIMESTAMPTZ NOT NULL
);

CREATE TABLE locations (
    id           UUID PRIMARY KEY,
    office_code  TEXT NOT NULL REFERENCES offices (code),
    name         TEXT NOT NULL,
    address      TEXT NOT NULL,
    time_zone    TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (office_code, name)
);

-- Weekly opening hours per location and service, in the location's local time.
CREATE TABLE opening_hours (
    location_id   UUID NOT NULL REFERENCES locations (id),
    service_code  TEXT NOT NULL REFERENCES services (code),
    weekday       BIGINT NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    opens         TEXT NOT NULL,
    closes        TEXT NOT NULL,
    capacity      BIGINT NOT NULL CHECK (capacity >= 1),
    PRIMARY KEY (location_id, service_code, weekday, opens)
);

-- Holidays (no hours) and days with other hours.
CREATE TABLE schedule_exceptions (
    location_id  UUID NOT NULL REFERENCES locations (id),
    day          TEXT NOT NULL,
    opens        TEXT,
    closes       TEXT,
    capacity     BIGINT,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (location_id, day)
);

-- Bookable slots. The database itself refuses an overbooked slot: `booked <= capacity`.
CREATE TABLE slots (
    id            UUID PRIMARY KEY,
    location_id   UUID NOT NULL REFERENCES locations (id),
    service_code  TEXT NOT NULL REFERENCES services (code),
    starts_at     TIMESTAMPTZ NOT NULL,
    ends_at       TIMESTAMPTZ NOT NULL,
    capacity      BIGINT NOT NULL CHECK (capacity >= 0),
    booked        BIGINT NOT NULL DEFAULT 0,
    CHECK (booked >= 0 AND booked <= capacity),
    UNIQUE (location_id, service_code, starts_at)
);
CREATE INDEX slots_open ON slots (location_id, service_code, starts_at);

CREATE TABLE appointments (
    id            UUID PRIMARY KEY,
    slot_id       UUID NOT NULL REFERENCES slots (id),
    household_id  UUID NOT NULL REFERENCES households (id),
    person_id     UUID NOT NULL REFERENCES people (id),
    service_code  TEXT NOT NULL REFERENCES services (code),
    status        TEXT NOT NULL CHECK (status IN ('booked', 'attended', 'no_show', 'cancelled')),
    -- iCalendar SEQUENCE: +1 at every change the person is told about.
    sequence      BIGINT NOT NULL DEFAULT 0,
    reason        TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX appointments_household ON appointments (household_id, service_code, status);
CREATE INDEX appointments_person ON appointments (person_id, created_at);
CREATE INDEX appointments_slot ON appointments (slot_id);

-- "No slot fits": the person asks, staff offer a time.
CREATE TABLE appointment_requests (
    id              UUID PRIMARY KEY,
    household_id    UUID NOT NULL REFERENCES households (id),
    person_id       UUID NOT NULL REFERENCES people (id),
    service_code    TEXT NOT NULL REFERENCES services (code),
    location_id     UUID NOT NULL REFERENCES locations (id),
    preferred       TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'offered', 'withdrawn')),
    appointment_id  UUID REFERENCES appointments (id),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX appointment_requests_open ON appointment_requests (status, created_at);

-- One reminder per appointment, the day before; claimed with a compare-and-set so that with
-- several server instances it is sent exactly once.
CREATE TABLE appointment_reminders (
    appointment_id  UUID PRIMARY KEY REFERENCES appointments (id),
    due_at          TIMESTAMPTZ NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'dropped')),
    lease_until     TIMESTAMPTZ,
    attempts        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX appointment_reminders_due ON appointment_reminders (state, due_at);

ALTER TABLE notifications ADD COLUMN appointment_id UUID REFERENCES appointments (id);
