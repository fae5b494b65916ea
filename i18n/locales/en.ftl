# English: the reference catalogue. Every other language must define exactly these keys.
# Style: short sentences, plain words, one action per screen (see shared/PRODUCT.md, Tone).

app-name = Refugee Portal
skip-to-content = Skip to main content
nav-home = Start
nav-sign-in = Sign in
nav-verify = Check a proof
language-switch-label = Language
language-switch-submit = Change language

home-title = Your registration, in your hands
home-lead = See your registration record, ask for corrections, book appointments and show your digital proof of registration. All from your phone.
home-person-title = You are registered with us
home-person-body = Sign in with a passkey: your fingerprint, your face or your phone's screen lock. There is no password to remember.
home-person-action = Sign in
home-person-first-time = First time here? Open the link or type the code on the slip you got at the registration desk.
home-provider-title = You check documents
home-provider-body = Clinics, banks, schools and police: scan a digital proof of registration to see if it is genuine, expired or revoked. No account needed. After one visit it works without signal.
home-provider-action = Check a proof of registration
home-staff-title = You work for the agency
home-staff-body = Enroll people, review requests, manage appointments and proofs of registration.
home-staff-action = Staff sign in
home-privacy-title = Your data is protected
home-privacy-body = Only you and the staff who need it can see your data. Every time staff open your record, it is written down, and you can see who did.

not-found-title = Page not found
not-found-body = This page does not exist or has moved.
error-title = Something went wrong
error-body = Please try again in a moment. If it keeps happening, ask at the registration desk.
error-reference = Reference for the desk: { $reference }
busy-title = One moment
busy-body = The page is being prepared. It opens by itself in a few seconds.
back-to-start = Go to the start page
footer-text = This portal is run by the registration office of the humanitarian agency.

working = One moment…
passkey-cancelled = The passkey step was cancelled or timed out. Try again when you are ready.
passkey-unsupported = This browser cannot use passkeys. Please use an up-to-date browser on your phone.
passkey-needs-javascript = Passkeys need JavaScript. Please turn it on for this site.

enroll-title = Create your passkey
enroll-lead = First confirm who you are. Then your phone asks for your fingerprint, face or screen lock.
enroll-code = Code from your slip
enroll-code-hint = Ten letters and numbers, for example ABCDE-12345
enroll-registration-number = Registration number
enroll-registration-number-hint = As on your document, for example ABC-26-000123
enroll-date-of-birth = Date of birth
enroll-staff-summary = I work for the agency
enroll-staff-email = Work email
enroll-submit = Confirm and create my passkey
enroll-refused = We could not confirm these details. Check them and try again. If it still does not work, ask at the registration desk for a new slip.

signin-title = Sign in
signin-lead = Use the passkey on this phone: your fingerprint, your face or your screen lock.
signin-button = Sign in with a passkey
signin-autofill-label = Your passkey
signin-refused = Sign-in did not work. Try again. If you lost your phone, ask at the registration desk for a new slip.
signin-first-time = No passkey yet? Open the link on the slip from the registration desk.

me-title = My record
me-greeting = Hello, { $name }
me-registration-number = Registration number
me-signed-out = You are not signed in.
signout = Sign out
signout-everywhere = Sign out on all devices
staff-title = Staff
staff-greeting = Signed in as { $name }

mail-invite-subject = Create your passkey for the Refugee Portal
mail-invite-body =
    Hello,

    You can now see your registration record on your phone. Open this link and follow the steps:
    { $link }

    If the link does not open, go to the portal, choose "Sign in", then "First time here?", and type this code: { $code }

    The link works once, until { $expires }. If you did not expect this mail, you can ignore it.

staff-people-title = People
staff-people-search-label = Name, registration or case number, or phone
staff-people-search-hint = Names are found however they are spelt, in Latin or Arabic script. Numbers are found from their start or their end, a phone from its last digits.
staff-people-born-from = Born on or after
staff-people-born-to = Born on or before
staff-people-born = Born
staff-people-case = Case
staff-people-bad-date = A date of birth could not be read. Pick it from the calendar (day, month, year).
staff-people-dates = Date of birth (optional)
staff-people-search-submit = Search
staff-people-results = People found: { $count }
staff-people-none = Nobody matches this search.
staff-people-previous = Previous page
staff-people-next = Next page
staff-people-open = Open the case of { $name }
staff-case-title = Case
staff-case-household = Household
staff-case-born = Born
staff-case-appointments = Appointments
staff-case-appointments-none = No appointment of this household at your locations.
staff-case-requests = Requests
staff-case-requests-none = No request about this household.
staff-case-audit = Who read or changed this record
staff-case-audit-lead = The newest entries of the audit trail. Opening this case is one of them.
staff-case-audit-person = The person
staff-case-audit-relative = Someone of the household or a trusted helper
staff-case-audit-partner = A partner system
staff-case-audit-system = The portal (an import or a scheduled task)
case-action-person-view = Opened the record
case-action-person-update = Changed the record
case-action-person-create = Added to the household
case-action-person-history = Read the record history
case-action-person-contact-view = Read phone, email and address
case-action-request-view = Opened a request
case-action-request-decide = Decided a request
case-action-request-ask-info = Asked the person a question
case-action-request-recommend = Recommended a decision
case-action-request-submit = Prepared a request
case-action-document-view = Opened a document
case-action-helper-view = A trusted helper looked at the data
case-action-delegation = Changed who can act for the person
case-action-other = Other work on the record
staff-case-contact = Contact details
staff-case-contact-lead = Phone, email and address are shown only when needed. Each time they are shown, it is recorded and the person can see it.
staff-case-contact-show = Show phone, email and address
staff-case-contact-phone = Phone
staff-case-contact-email = Email
staff-case-contact-address = Address
staff-case-contact-none = Not on the record
staff-case-relationship = Relationship
staff-case-not-available = This record does not exist or is not in your office.
staff-invite-title = Enrollment slip
staff-invite-revoke = Lost phone: remove all passkeys and sign-ins of this person now
staff-invite-submit = Create an enrollment slip
staff-invite-code = Code
staff-invite-expires = Valid until { $expires }
staff-invite-print = Print the slip
staff-invite-instructions = Scan the code with the phone camera, or open the portal and type the code. Then confirm the registration number and date of birth, and create a passkey.
staff-invite-not-allowed = Only clerks of this office can create enrollment slips.

passkeys-title = My passkeys
passkeys-lead = A passkey lets you sign in on a device. You can have several, for example your phone and a trusted relative's phone.
passkeys-created = Added { $date }
passkeys-last-used = Last used { $date }
passkeys-never-used = Not used yet
passkeys-add = Add a passkey on this device
passkeys-remove = Remove { $name }
passkeys-confirm-remove = Remove this passkey? You will no longer be able to sign in with it.
passkeys-device-android = Android phone
passkeys-device-iphone = iPhone
passkeys-device-windows = Windows computer
passkeys-device-mac = Mac
passkeys-device-other = This device
passkeys-last-one = This is your only passkey. Add another one first, or ask at the registration desk for a new slip.
passkeys-confirm = Confirm with your passkey…
me-passkeys-link = My passkeys

# My record (issue 4)
nav-my-record = My record
nav-my-requests = My requests
me-personal = About me
me-name = Name
me-name-original = Name in your script
me-date-of-birth = Date of birth
me-date-estimated = (estimated)
me-sex = Sex
me-nationality = Nationality
me-country-of-origin = Country of origin
me-languages = Languages
me-contact = Contact details
me-phone = Phone
me-email = Email
me-address = Address
me-not-given = Not given
me-status = Registration
me-status-active = Your registration is active.
me-status-inactive = Your registration is not active at the moment. Please contact the office.
me-status-closed = This registration is closed.
me-registered-since = Registered since { $date }
me-needs = Support we know you need
me-household = My household
me-household-case = Case number
me-relationship = Relationship
me-requests-open = Requests in progress
me-requests-none = You have no open requests.
me-request-change = Ask for a change
me-access-log-link = Who looked at my data
me-news = News
me-news-decided = Your request { $reference } was answered: { $status }.
me-news-needs-info = The office has a question about your request { $reference }.
me-wrong = Something wrong or out of date? Ask for a change.

relationship-principal = Principal applicant
relationship-spouse = Spouse
relationship-child = Child
relationship-parent = Parent
relationship-sibling = Brother or sister
relationship-grandchild = Grandchild
relationship-grandparent = Grandparent
relationship-other-relative = Other relative
relationship-non-relative = Not related

sex-female = Female
sex-male = Male
sex-other = Other
sex-unknown = Not recorded

need-sm = Serious medical condition
need-ds = Disability
need-op = Older person who needs support
need-um = Child without parents or caregivers
need-sc = Child separated from parents
need-sp = Single parent or caregiver
need-pg = Pregnant or breastfeeding

request-kind-contact = New phone, email, address or languages
request-kind-correction = Correct a name, date of birth, sex or nationality
request-kind-birth = A baby was born
request-kind-marriage = I married: add my husband or wife
request-kind-death = A family member died
request-kind-departure = A family member left the household

request-status-submitted = Sent
request-status-under-review = Being checked
request-status-needs-info = Question for you
request-status-approved = Approved
request-status-partly-approved = Partly approved
request-status-rejected = Not approved
request-status-cancelled = Cancelled
request-status-submitted-next = Your request is with the office. Usually answered within 5 days.
request-status-needs-info-next = The office needs more information. Please answer below.

requests-title = My requests
requests-none = You have not asked for any change yet.
requests-sent-on = Sent on { $date }
request-new-title = Ask for a change
request-new-lead = What has changed?
request-form-only-changes = Fill in only what changed.
request-form-reason = Why is the information on record wrong?
request-form-documents = Supporting documents
request-form-documents-hint = A photo (JPEG, PNG or WebP) or a PDF, up to { $size } each, at most 5 files.
request-form-documents-needed = A document is needed for this change, for example a birth notification, a marriage certificate or a passport.
request-form-member = Who is it about?
request-form-event-date = Date it happened
request-form-given-name = Given name (Latin letters)
request-form-family-name = Family name (Latin letters)
request-form-given-name-original = Given name in your script (optional)
request-form-family-name-original = Family name in your script (optional)
request-form-sex = Sex
request-form-date-of-birth = Date of birth
request-form-nationality = Nationality: 3-letter code, for example SYR, AFG or XXA (stateless)
request-form-phone = New phone number
request-form-phone-hint = With the country code, for example +962 79 123 4567
request-form-email = New email address
request-form-address = New address
request-form-languages = Languages: 3-letter codes, for example ara;eng
request-form-choose = Choose…
request-form-submit = Send my request
request-form-kept-title = Attached before
request-form-kept-hint = Kept from your last try, so you do not have to choose them again. Untick a file to leave it out.
request-form-kept-size = { $size } KB
request-form-errors = Please correct the problems below.
request-form-change-kind = Choose another kind of change

request-title = Request { $reference }
request-about = About
request-changes = What was asked
request-change-now = On record
request-change-asked = Asked for
request-change-add = Add to the household: { $name }
request-change-end-death = { $name } died on { $date }
request-change-end-departure = { $name } left the household on { $date }
request-change-approved = Approved
request-change-rejected = Not approved
request-decision-reason = Reason
request-decision-note = Note from the office
request-history = History
request-event-submit = Sent
request-event-open = The office started checking
request-event-ask-info = The office asked a question
request-event-answer = Answered
request-event-recommend = A clerk recommended a decision
request-event-decide = Decided
request-event-cancel = Cancelled
request-by-person = by the person
request-by-role = by a { $role }
request-question = Question from the office
request-answer = Your answer
request-answer-submit = Send my answer
request-cancel = Cancel this request
request-documents = Documents
request-document = Document { $number } ({ $type })
document-type-pdf = PDF
document-type-photo = photo
request-reason = Reason given

role-clerk = clerk
role-approver = supervisor
role-admin = administrator

rejection-insufficient-evidence = The documents do not prove the change.
rejection-document-unreadable = A document could not be read.
rejection-information-mismatch = The information does not match our records.
rejection-duplicate = The same change was already asked for.
rejection-record-changed = The record changed in the meantime. Please check it and ask again.
rejection-not-eligible = This change is not possible under the rules.
rejection-other = Another reason (see the note).

access-log-title = Who looked at my data
access-log-lead = Every time staff open or change your record, it is written down. You see their role and office, not their name. It also lists when you shared a credential or a wallet app received one.
access-log-none = No staff member has opened your record yet.
access-log-when = When
access-log-what = What
access-log-who = Who
access-log-who-value = { $role }, office { $office }
access-log-all-offices = all offices
access-action-person-view = Opened your record
access-action-person-update = Changed your record
access-action-person-create = Added you to the household
access-action-person-history = Looked at the history of your record
access-action-person-contact-view = Looked at your phone, email and address
access-action-request-view = Opened your request
access-action-request-decide = Decided your request
access-action-request-ask-info = Asked you a question
access-action-request-recommend = Recommended a decision on your request
access-action-request-submit = Prepared a request for you
access-action-document-view = Opened a document you sent
access-action-other = Other work on your record

problem-required = This is required.
problem-too-long = This is too long.
problem-format = This is not in the expected form.
problem-not-one-of = Choose one of the options.
problem-in-future = This date is in the future.
problem-too-old = This date is too long ago.
problem-control-characters = This contains characters that are not allowed.
problem-hidden-characters = This contains invisible characters that change the direction of the text or hide letters. Type it again without copying it from elsewhere.
problem-duplicate = The same value is listed twice.
problem-unchanged = This is the same as what we have. Fill in only what changed.
problem-not-recent = This is too long ago to report here. Please go to the office.
problem-unknown-member = Choose a current member of your household.
problem-too-many = Too many files. Send at most 5.
problem-daily-limit = You have sent as many documents as one day allows. Send the rest tomorrow, or bring them to the office.
problem-too-large = A file is too large. Send a smaller photo or PDF.
problem-unsupported-type = A file is not a photo or a PDF. Send a JPEG, PNG or WebP photo, or a PDF.
problem-stale = Someone changed this in the meantime. The page now shows it as it is; check and try again.
problem-not-now = This is not possible any more. The page shows the current state.
problem-refused = You are not allowed to do this.
problem-nothing = Fill in at least one change.

staff-nav-requests = Requests
staff-requests-title = Requests to review
staff-requests-kind = Type
staff-requests-status = Status
staff-requests-age = Waiting longer than
staff-requests-any = Any
staff-requests-pending = Open (sent, being checked, question)
staff-requests-days = { $days } days
staff-requests-show = Show
staff-requests-counts = Requests by status
staff-requests-none = No requests match.
staff-requests-waiting = Sent
staff-requests-office = Office
staff-requests-open = Review { $reference }
staff-requests-person = Person
staff-requests-prepared = Prepared by
staff-requests-prepared-self = The person
staff-requests-sort = Order
staff-requests-oldest = Oldest first
staff-requests-newest = Newest first
staff-requests-waiting-days = Waiting { $days } days
staff-review-title = Review { $reference }
staff-review-maker = Made by
staff-review-maker-person = the person, in the portal
staff-review-maker-staff = a clerk, for the person
staff-review-field = Field
staff-review-current = Now on record
staff-review-proposed = Asked for
staff-review-approve = Approve
staff-review-conflict = This record changed after the request was made. Check the values now on record. You can reject the change or ask the person to confirm it.
staff-review-recommended = A clerk recommends: { $summary }
staff-review-decide = Decide
staff-review-decide-submit = Save the decision
staff-review-reason = Reason for what is not approved
staff-review-reason-none = (nothing is rejected)
staff-review-note = Note for the person (optional; required for "another reason")
staff-review-ask = Ask for more information
staff-review-question = Your question
staff-review-ask-submit = Send the question
staff-review-recommend = Recommend a decision
staff-review-recommend-submit = Save my recommendation
staff-review-refused-own-request = You made this request: a colleague must decide it.
staff-review-refused-needs-approver = Only a supervisor can decide this change. You can recommend a decision.
staff-review-refused-own-recommendation = You recommended this decision: another supervisor must take it.
staff-review-refused-own-record = This is your own household: a colleague must decide it.
staff-review-refused-not-reviewer = Your role does not review requests.
staff-review-household = Household now
staff-review-history = Earlier requests of the household
staff-review-answer = Answer from the person
staff-review-saved = Saved: { $status }.
staff-review-not-available = This request does not exist or is not in your office.
staff-case-history = Record history
staff-case-version = Version { $version }, { $date }
staff-case-prepare = Prepare a correction for this person

mail-request-subject = Your request { $reference }
mail-request-decided-body =
    Hello,

    The office answered your request { $reference }: { $status }.

    Sign in to see the details:
    { $link }

mail-request-needs-info-body =
    Hello,

    The office has a question about your request { $reference }.

    Sign in to read it and answer:
    { $link }

# Appointments (issue 5)
nav-my-appointments = My appointments
appointments-title = My appointments
appointments-lead = Book a time at the office instead of waiting at the gate.
appointments-upcoming = Coming up
appointments-past = Earlier
appointments-none-upcoming = You have no appointment booked.
appointments-none-past = No earlier appointments.
appointments-book = Book an appointment
appointments-choose-service = What do you need?
appointments-choose-location = Where?
appointments-bring-documents = Bring your documents.
appointments-free-slots = Free times (local time at the office)
appointments-no-slots = No free time in the next weeks.
appointments-book-slot = Book { $time }
appointments-no-fit = No time fits? Tell us when you can come.
appointments-preferred = Days and times that suit you
appointments-preferred-hint = For example: Monday or Tuesday mornings
appointments-ask = Send
appointments-asked = Your message was sent. The office will offer you a time.
appointments-booked = Your appointment is booked. A confirmation was sent by mail.
appointments-when = When
appointments-where = Where
appointments-what = What
appointments-reference = Reference
appointments-status-booked = Booked
appointments-status-attended = Attended
appointments-status-no-show = Missed
appointments-status-cancelled = Cancelled
appointments-qr = Show this code at the gate.
appointments-calendar = Add to my calendar
appointments-reschedule = Choose another time
appointments-cancel = Cancel this appointment
appointments-cutoff = Changes are possible until { $hours } hours before the appointment.
appointments-too-late = It is too late to change this appointment online. Please call the office.
appointments-full = That time was just taken. Please pick another one.
appointments-limit = You already have an appointment for this. Cancel it first to book another.
appointments-past-slot = That time has passed. Please pick another one.
appointments-staff-reason = Message from the office
appointments-open = Open { $reference }

staff-nav-appointments = Appointments
staff-appointments-title = Appointments
staff-appointments-location = Location
staff-appointments-date = Date
staff-appointments-day = Day
staff-appointments-week = Week
staff-appointments-span = Show
staff-appointments-show = Show
staff-appointments-none = No appointments.
staff-appointments-who = Who
staff-appointments-mark-attended = Came
staff-appointments-mark-no-show = Did not come
staff-appointments-cancel = Cancel
staff-appointments-move = Move
staff-appointments-reason = Reason (the person is told)
staff-appointments-to-slot = New time
staff-appointments-requests = People asking for a time
staff-appointments-requests-none = Nobody is waiting for a time.
staff-appointments-offer = Offer this time
staff-appointments-saved = Saved.
staff-appointments-find = Appointment reference
staff-appointments-scan-title = Who is at the desk?
staff-appointments-scan-lead = Scan or type the reference on their appointment, the QR code of their credential, their enrollment slip, or their registration number.
staff-appointments-scan-code = Reference, registration number or QR code text
staff-appointments-scan-submit = Find their appointment
staff-appointments-scan-camera = Scan with the camera
staff-appointments-scan-stop = Stop the camera
staff-appointments-scan-camera-unavailable = The camera cannot be used here. Type the reference instead.
staff-appointments-scanned-no-booking = This person has no appointment at your locations.
staff-appointments-scanned-not-genuine = This QR code is not a genuine credential of this portal. Check the person's documents.
staff-appointments-scanned-unknown = Nothing was found for this code at your locations.
staff-appointments-found-none = No appointment has this reference at your locations.
staff-appointments-from-start = It can be marked once it starts.
appointments-not-started = This appointment has not started yet. Mark it once it starts.
appointments-not-over = This appointment is not over yet. Mark it as missed after it ends.

mail-appointment-subject = Your appointment { $reference }
mail-appointment-booked-body =
    Hello,

    Your appointment is booked: { $service }, { $time }, { $location }.
    Reference: { $reference }. The calendar invitation is attached.

    See or change it here:
    { $link }
mail-appointment-changed-body =
    Hello,

    Your appointment { $reference } has a new time: { $service }, { $time }, { $location }.
    The updated calendar invitation is attached.

    { $link }
mail-appointment-cancelled-body =
    Hello,

    Your appointment { $reference } ({ $service }, { $time }) is cancelled.

    To book another time:
    { $link }
mail-appointment-reminder-body =
    Hello,

    A reminder: your appointment is tomorrow: { $service }, { $time }, { $location }.
    Reference: { $reference }.

    { $link }

## Credentials (issue 6)
nav-my-credentials = My credentials
credentials-title = My credentials
credentials-lead = A credential proves your registration to a clinic, a bank, a school or the police. The agency signs it, and anyone can check it on the "Check a proof" page.
credentials-reauth = To show your credentials, first confirm it is you with your passkey.
credentials-reauth-button = Confirm with my passkey
credentials-reauth-working = Use your passkey now…
credentials-reauth-cancelled = The passkey was not used. Try again.
credentials-kind-registration = Proof of registration
credentials-kind-household = Household credential
credentials-status-none = Not made yet
credentials-status-active = Valid
credentials-status-suspended = Suspended
credentials-status-revoked = No longer valid
credentials-status-expired = Expired
credentials-valid-until = Valid until { $date }
credentials-show = Show the QR code
credentials-get = Get my credential
credentials-next-suspended = This credential is suspended. Please contact your office.
credentials-next-office = Your office will give you a new credential. Please contact them.
credentials-next-inactive = Credentials are given only for an active registration.
credentials-qr-title = Show this QR code
credentials-qr-tip = Turn the screen brightness up and hold the phone still in front of the camera.
credentials-download-title = Save or share
credentials-download-json = Download the credential (.json)
credentials-download-jwt = Download the credential (.jwt)
credentials-download-svg = Download the QR code (.svg)
credentials-print = Print this page
credentials-back = All my credentials
credentials-number = Number
credentials-name = Name
credentials-issued = Issued on
credentials-not-current = This credential is no longer valid. Go back to get a new one.
credential-reason-record-changed = The record changed
credential-reason-lost-or-stolen = Lost or stolen
credential-reason-record-error = Error in the record
credential-reason-registration-closed = Registration closed
credential-reason-fraud-suspected = Misuse suspected
credential-reason-under-review = Under review
credential-reason-other = Another reason
verify-title = Check a proof
verify-lead = Scan the QR code on the person's phone or paper, or paste the credential, to see whether it is genuine.
verify-scan = Scan with the camera
verify-scan-stop = Stop the camera
verify-photo = Or take a photo of the QR code
verify-paste = Or paste the credential or the QR text
verify-submit = Check
verify-again = Check another credential
verify-outcome-genuine = Genuine
verify-outcome-expired = Expired
verify-outcome-not-yet-valid = Not valid yet
verify-outcome-revoked = Revoked: no longer valid
verify-outcome-suspended = Suspended: not valid now
verify-outcome-forged = Not genuine: do not accept it
verify-outcome-unknown-issuer = Unknown issuer: do not accept it
verify-outcome-status-unknown = The status could not be checked
verify-outcome-unreadable = No credential could be read
verify-compare = Compare the name and the photo with the person in front of you.
verify-compare-no-photo = This proof has no photo: compare the name and date of birth with the person's identity document.
verify-status-reason = Reason: { $reason }
verify-status-since = Since
verify-photo-alt = Photo of the holder
verify-photo-missing = The photo could not be shown.
verify-issued-through = Issued through the portal by the partner { $partner }: that partner vouches for what it states.
verify-status-age = Status as of { $minutes } minutes ago
verify-born = Date of birth
verify-office = Issued by
verify-valid-until = Valid until
verify-members = Household members
verify-reason-no-qr-code = No QR code was found in the picture. Try again closer, with more light.
verify-reason-empty = Nothing was sent. Scan, photograph or paste a credential.
verify-reason-not-an-image = The file is not a picture (PNG or JPEG).
verify-reason-image-too-large = The picture is too large.
verify-reason-busy = The verifier is busy with other checks. Nothing was decided about this proof: try again in a few seconds.
verify-result-gone = This result is no longer available. Check the credential again.
verify-camera-unavailable = The camera cannot be used here. Take a photo instead.
staff-credentials-title = Credentials
staff-credentials-none = No credential has been issued yet.
staff-credentials-suspend = Suspend
staff-credentials-unsuspend = Lift the suspension
staff-credentials-revoke = Revoke
staff-credentials-reason = Reason
staff-credentials-apply = Apply
staff-credentials-issue-registration = Issue a new proof of registration
staff-credentials-issue-household = Issue a new household credential
staff-credentials-refused = This change was not possible (someone changed it first, or your role does not allow it).

# Dates and times (Gregorian calendar): month names, and how a date and a time are written.
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
weekday-date-pattern = { $weekday } { $date }
# Solar Hijri months (Afghanistan's names), shown in Dari beside the Gregorian date.
solar-month-1 = Hamal
solar-month-2 = Sawr
solar-month-3 = Jawza
solar-month-4 = Saratan
solar-month-5 = Asad
solar-month-6 = Sunbula
solar-month-7 = Mizan
solar-month-8 = Aqrab
solar-month-9 = Qaws
solar-month-10 = Jadi
solar-month-11 = Dalw
solar-month-12 = Hut
dual-date-pattern = { $solar } ({ $gregorian })
date-pattern = { $day } { $month } { $year }
date-time-pattern = { $date } at { $time }
time-zone-utc = UTC

# The offline verifier (/verify as an installable app; words shown by /verify.js).
verify-status-as-of = Status as of { $age }
verify-offline-ready = Ready to check proofs without a connection.
verify-offline-not-ready = This phone cannot check proofs offline yet. Open this page once with a connection.
verify-offline-checked = Checked on this phone, without a connection.
verify-offline-photo = The photo cannot be shown without a connection. Compare the name and the date of birth.
verify-offline-needs-connection = This file can only be checked with a connection. Scan or photograph the QR code instead.

# Codes shared by the server and the browser (server/types): words for the codes that had none.
registration-status-active = Active
registration-status-inactive = Not active
registration-status-closed = Closed
# Protection-sensitive needs: staff wording; the person's own view does not show them.
need-wr = Woman at risk
need-lp = Specific legal and physical protection needs
need-tr = Survivor of torture or violence
credentials-kind-external = Credential for a partner organisation
nationality-stateless = Stateless
nationality-refugee = Refugee (under the 1951 Convention)
nationality-other-refugee = Refugee (other status)
nationality-unspecified = Not specified
problem-unknown-code = We do not know this code. Check it and try again.
field-office-code = Office code
field-office-name = Office name
field-time-zone = Time zone
field-share = What to show
field-date-of-birth-estimated = Date of birth is estimated
field-specific-needs = Specific needs
field-display-name = Name shown to colleagues
field-role = Role
field-kind = Type
field-status = Status
field-decision = Decision
field-weekday = Day of the week
field-service = Service
field-duration = Length in minutes
field-limit = Appointments per household at one time

# Messages, the header and confirmations (issue 16)
nav-messages = Messages
header-messages-unread = Messages ({ $count } new)
header-account = Your account
messages-title = My messages
messages-lead = What the office did about your requests, appointments and credentials. Below, you choose whether each message also goes to your email or phone.
messages-none = No messages yet.
messages-new = New
messages-open = Open
message-appointment-booked = Appointment { $reference }: booked.
message-appointment-changed = Appointment { $reference }: moved to another time.
message-appointment-cancelled = Appointment { $reference }: cancelled.
message-credential-issued = { $credential }: a new one was issued for you.
message-credential-suspended = { $credential }: suspended. Reason: { $reason }.
message-credential-reinstated = { $credential }: valid again.
message-credential-revoked = { $credential }: revoked. Reason: { $reason }.
sms-news = Refugee portal: there is news for you. Sign in to read it: { $link }
mail-credential-subject = News about your { $credential }
mail-credential-body =
    Hello,

    { $news }

    Sign in to see your credentials:
    { $link }
appointments-morning = Morning
appointments-afternoon = Afternoon
appointments-free-count = free times: { $count }
confirm-cancel-appointment = Cancel this appointment? The time is given to someone else. You can book a new one afterwards.
confirm-cancel-appointment-yes = Yes, cancel it
confirm-signout-everywhere = Sign out on every phone and computer where you are signed in, this one included?
confirm-signout-everywhere-yes = Yes, sign out everywhere
staff-credentials-change = Suspend or revoke
staff-credentials-change-lead = A suspension can be lifted later. A revocation is final: every verifier will see the credential as revoked.

# Help and complaints (issue 16)
nav-help = Help
help-title = Help
help-lead = Where to find us, how to call us, how to tell us what went wrong, and what we do with your data.
help-places = Our offices
help-phone = Phone
help-hours = Opening hours
help-hours-line = { $weekday }: { $opens }–{ $closes }
help-hours-none = Opening hours are not published yet.
help-map = Show on a map
help-feedback-title = Complaints and feedback
help-feedback-lead = Tell us what went wrong or what could be better. You do not need to sign in or give your name. Keep the reference we give you: with it you and we can find what you sent.
help-kind = What is it?
help-kind-complaint = A complaint
help-kind-feedback = Feedback or an idea
help-office = Which office is it about?
help-office-any = No office in particular
help-message = Your message
help-contact = How can we reach you? (optional)
help-contact-hint = A phone number or an email address, only if you want an answer. Leave it empty to stay anonymous.
help-send = Send
help-sent = Thank you, we received your message. Your reference is { $reference }.
help-busy = We cannot receive more messages right now. Please try again in an hour or call an office.
help-data-title = What we do with your data
help-data-1 = We keep the data of your registration so that you can receive help and prove who you are. We use it for nothing else and we never sell it.
help-data-2 = Only staff of your office can open your record, and every time they do, it is written down. You can see it under "Who looked at my data".
help-data-3 = Someone who checks your credential sees only what is written on it, not the rest of your record.
help-data-4 = If something in your record is wrong, ask for a correction from "My record". If you think your data was misused, send a complaint here.
staff-feedback-title = Complaints and feedback
staff-feedback-none = Nothing received.
staff-feedback-anonymous = Anonymous
staff-feedback-signed-in = Sent while signed in
staff-feedback-contact = Contact: { $contact }
staff-feedback-any-office = Any office

# My data (issue 16)
my-data-title = My data
my-data-lead = Everything the portal keeps about you, on one page. Opening this page or downloading the file is written down, like any access to your data.
my-data-download = Download everything (file)
my-data-file-hint = The file (JSON) holds the same, in a form other programs can read. Keep it somewhere safe: it contains your personal data.
my-data-photo = Photo
my-data-photo-kept = A photo is kept with your record.
my-data-photo-none = No photo is kept.
my-data-documents = Files sent: { $count }
my-data-more = Also kept
my-data-lines = { $count } entries
my-data-none = Nothing is kept here.

# How a person is told of news (My messages)
channels-title = How we tell you
channels-lead = Tell me about news
channels-portal = Here, in My messages
channels-portal-always = always
channels-mail = By email
channels-sms = By text message (SMS)
channels-no-email = add an email address first (ask for a change)
channels-no-phone = add a phone number first (ask for a change)
channels-sms-not-offered = not available yet
channels-sms-privacy = A text message only says there is news and links here: it never shows your name, a decision or a date, because anyone holding the phone could read it.
channels-save = Save my choice
channels-saved = Your choice is saved.

# Trusted helpers (/me/trusted)
trusted-title = Trusted helpers
trusted-lead = Someone you trust (a relative, a friend, a caseworker with a portal account) can see your record and act for you within the limits you choose, until the day you choose. You can end it at any time, and everything they do shows in your history as done by your helper.
nav-trusted = Trusted helpers
trusted-grant-title = Let someone help me
trusted-name = Their name
trusted-name-hint = As you know them, for example: Omar, my brother.
trusted-limits = What they may do
trusted-view-always = See my record, household, requests, appointments and messages (always)
trusted-may-book = Book, move and cancel my appointments
trusted-may-request = Ask for changes to my record and answer the office's questions
trusted-days = For how many days
trusted-days-hint = From 1 to 365 days.
trusted-grant = Make a code for my helper
trusted-code-title = Give this code to your helper
trusted-code-body = They sign in with their own passkey, open Trusted helpers and enter the code. It works once, within 48 hours. Do not give it to anyone else.
trusted-mine-title = Who can act for me
trusted-mine-none = Nobody can act for you.
trusted-helping-title = People I help
trusted-helping-none = You do not help anyone.
trusted-accept-title = I was given a code
trusted-code = Code
trusted-code-hint = Twelve letters and digits, for example ⁦ABCD-EFGH-JKLM⁩.
trusted-accept = Use the code
trusted-accepted = You can now act for this person: choose "Act for them" below.
trusted-act = Act for them
trusted-end = End
trusted-end-question = End it? They will not be able to act any more.
trusted-end-yes = Yes, end it
trusted-ended = It has ended.
trusted-until = until { $date }
trusted-may-view-only = may look only
trusted-standing-invited = waiting for the code
trusted-standing-active = active
trusted-standing-unclaimed = the code was not used in time
trusted-standing-expired = its time is over
trusted-standing-ended = ended
trusted-acting = You are acting for { $name }.
trusted-stop = Stop acting for them
trusted-bad-code = This code does not work: it may be mistyped, used already, or more than 48 hours old.
trusted-not-for-helpers = This page is only for the person themselves, not for a helper.
trusted-too-many = You already have 5 helpers or codes waiting: end one first.
request-event-by-helper = by your trusted helper
access-by-helper = your trusted helper { $name }
access-action-helper-view = Looked at your data
access-action-delegation = Changed who can act for you
staff-case-helpers = Trusted helpers
staff-case-helpers-none = No trusted helpers.
staff-case-helper-of = helps this person
staff-case-helper-for = this person helps someone
staff-quality-title = Data quality
staff-quality-lead = What the nightly checks found in the records of your office. Correct a record through the usual reviewed change, then mark the finding resolved. A closed finding comes back only if the records change.
staff-quality-open = To review
staff-quality-escalated = Escalated
staff-quality-resolved = Resolved
staff-quality-false-positive = False positive
staff-quality-none = No findings with this status.
staff-quality-count = Findings: { $count }
staff-quality-score = Likeness: { $score } out of 100
staff-quality-found = Found
staff-quality-open-record = Find record { $number }
staff-quality-mark-resolved = Resolved
staff-quality-mark-false-positive = Not a problem
staff-quality-mark-escalated = Escalate
staff-quality-done = Saved:
staff-quality-stale = This finding was decided meanwhile, or is no longer there. The list is up to date now.
staff-quality-unavailable = The findings cannot be shown to you.
staff-nav-quality = Data quality
quality-rule-missing-field = A name is blank, or the principal applicant has no phone and no email
quality-rule-born-in-future = Born after today
quality-rule-too-old = Older than 120 years
quality-rule-child-older-than-parent = A child is less than 12 years younger than a parent
quality-rule-household-principal = The household does not have exactly one principal applicant
quality-rule-shared-contact = One phone or email in unrelated households
quality-rule-likely-duplicate = Possibly the same person registered twice

# Reports (/staff/reports)
staff-nav-reports = Reports
reports-title = Reports
reports-intro = The operation in numbers, with no person in them. People are counted as of now; everything else falls between the first and the last day.
reports-from = First day
reports-to = Last day
reports-office = Office
reports-office-all = All offices
reports-show = Show
reports-scope = { $office }, { $from } to { $to } (days in { $zone } time)
reports-people = People
reports-registered = Registered
reports-active = Active
reports-enrolled = With a passkey for the portal
reports-new-per-day = Registered per day
reports-requests = Update requests
reports-waiting = Waiting now
reports-waiting-median = Half have waited less than
reports-waiting-p90 = Nine in ten have waited less than
reports-days = { $days } days
reports-decided-per-week = Decided per week
reports-week-of = Week of { $date }
reports-approved = Approved
reports-partly-approved = Approved in part
reports-rejected = Rejected
reports-appointments = Appointments
reports-appointments-per-day = Appointments per day (not cancelled)
reports-attended = Came
reports-no-show = Did not come
reports-still-booked = Not marked yet
reports-cancelled = Cancelled
reports-no-show-rate = Did not come, of those marked
reports-percent = { $value }%
reports-credentials = Credentials
reports-issued = Issued
reports-revoked = Revoked
reports-issued-per-day = Issued per day
reports-checked = Checked by the verifier, all offices
reports-checked-note = Checks made on a phone without a connection are not counted.
reports-total = In all: { $count }
reports-none = None in this period.
reports-csv = Download as CSV
reports-csv-note = In the file, counts from 1 to 4 read "<5" and rates made from fewer than 5 are left out, so that no family can be singled out. Downloads are recorded.
reports-chart-bar = { $label }: { $count }
reports-error-office = Staff of an office read the numbers of their own office only.
reports-error-period = The last day must be on or after the first day, at most a year later.
reports-numbers = The numbers
reports-unavailable = The report cannot be shown right now. Please try again in a moment.
reports-revoked-per-day = Revoked per day

## Admin console (/staff/admin)
staff-nav-admin = Accounts and keys
admin-title = Accounts and keys
admin-lead-all = You manage every staff account, the API tokens of partner systems and the keys that sign credentials. Every change is written to the audit trail.
admin-lead-office = You manage the clerk and supervisor accounts of your office. Every change is written to the audit trail.
admin-not-admin = Only administrators manage accounts and keys.
admin-accounts = Staff accounts
admin-state-active = Active
admin-state-suspended = Suspended
admin-state-ended = Ended
admin-all-offices = All offices
admin-created = Made:
admin-last-sign-in = Last sign-in:
admin-never-signed-in = never
admin-passkeys = Passkeys: { $count }
admin-no-passkey = No passkey yet: the invitation has not been used.
admin-passkey-added = added
admin-passkey-used = last used
admin-own = This is your own account: another administrator changes it.
admin-suspend = Suspend
admin-reinstate = Reinstate
admin-invite = New invitation
admin-lost-phone = Their phone was lost: end their passkeys now
admin-invite-send = Send the invitation
admin-end = End this account
admin-end-explain = Ending signs them out everywhere, removes their passkeys and cannot be undone. What they did stays in the audit trail.
admin-end-confirm = End the account
admin-new = Add a staff member
admin-email = Work email
admin-name = Name shown to colleagues
admin-roles = Roles
admin-office = Office
admin-invite-note = The invitation goes by email to this address and stays valid for { $days } days. You do not see its link or its code.
admin-create = Add and send the invitation
admin-tokens = API tokens of partner systems
admin-tokens-lead = A new token is made on the server with portal api-token create: it is shown once, to the person who made it.
admin-tokens-none = No API token yet.
admin-scope-issue = issue credentials
admin-scope-status = change the status of credentials
admin-token-scopes = May:
admin-token-types = Credential types:
admin-token-used = last used
admin-token-never-used = never
admin-token-revoked-on = Revoked
admin-revoke = Revoke
admin-revoke-explain = The partner system can no longer use this token, from now on. This cannot be undone.
admin-revoke-confirm = Revoke the token
admin-keys = Signing keys
admin-key-signs = Signs new credentials.
admin-key-verifies = No longer signs; what it signed still verifies.
admin-key-retired = Retired: what it signed no longer verifies (people get their credentials again).
admin-key-retired-on = retired
admin-rotate = New signing key
admin-rotate-explain = A new key signs credentials from now on. Credentials signed before keep verifying.
admin-rotate-confirm = Make the new key
admin-done-created = The account was made and its invitation sent.
admin-done-invited = A new invitation was sent; earlier ones no longer work.
admin-done-suspended = The account is suspended and signed out everywhere.
admin-done-active = The account is active again.
admin-done-ended = The account has ended.
admin-done-token-revoked = The API token is revoked.
admin-done-key-rotated = A new key signs credentials from now on.
admin-done-sent-back = Sent back: it will be tried again in a moment.
admin-failed = Failed background work
admin-failed-lead = These stopped after their last attempt. Mend the cause first (the mail settings, the SMS gateway, the database), then try them again.
admin-failed-none = Nothing has failed: mail, SMS and the nightly checks are running.
admin-failed-mail = Email to a person
admin-failed-sms = SMS to a person
admin-failed-quality = Nightly data-quality checks
admin-failed-run = Scheduled work
admin-failed-attempts = Attempts: { $count }
admin-failed-since = due since
admin-failed-refused = The server refused it for good (reply { $code }).
admin-failed-deferred = The server asked to try again later (reply { $code }).
admin-failed-timeout = The server did not answer in time.
admin-failed-tls = The secure connection to the server failed.
admin-failed-unreachable = The server could not be reached.
admin-failed-number = The phone number is not in international form.
admin-failed-setup = Mail or SMS is not set up correctly.
admin-failed-unknown = It failed for a reason the portal could not name.
admin-send-back = Try again
admin-mail-failed = The invitation is valid, but the email could not be sent. Check the mail settings, then send a new invitation.
admin-problem-form = Check the email and the name, and choose at least one role.
admin-problem-own = You cannot change your own account. Another administrator can.
admin-problem-ended = This account has ended. Make a new one if the person comes back.
admin-problem-suspended = Reinstate the account before you send it an invitation.
admin-problem-stale = Someone changed this meanwhile. The page now shows it as it is.
admin-problem-exists = A staff account with this email exists already.
admin-problem-not-found = This account or token is not one you manage.
admin-problem-refused = Your role does not allow this.
admin-problem-unavailable = This cannot be done right now. Please try again in a moment.

## Sharing only some details of a credential (SD-JWT VC)
credentials-share-title = Show only some details
credentials-share-intro = A bank needs to know that you are registered and an adult, not your birth date. Choose what this QR code shows; nothing else can be read from it.
credentials-share-preset-clinic = For a clinic: name, birth date, number, photo check
credentials-share-preset-bank = For a bank: name, 18 or older, number, status, photo check
credentials-share-preset-school = For a school: name, birth date, status
credentials-share-preset-custom = I choose:
credentials-share-make = Make the QR code
credentials-share-shows = This QR code shows only:
credentials-share-text = The same, as text (for a wallet app or a message)
credentials-share-failed = This QR code could not be made. Choose at least one detail and try again.
claim-name = Name
claim-name-original-script = Name in its own script
claim-birthdate = Date of birth
claim-age-over-18 = 18 or older
claim-age-over-65 = 65 or older
claim-registration-number = Registration number
claim-registration-status = Registration status
claim-issuing-office = Office
claim-photo-digest = Photo check (the photo itself is not in the code)
claim-household-id = Household number
claim-members = Household members
verify-yes = Yes
verify-no = No
verify-selective = The holder chose to show only these details.
verify-compare-name-only = This proof shows no photo and no date of birth: compare the name with the person's identity document.

# Wallet apps (OpenID4VCI)
wallet-tx-code-hint = The code shown on the portal page
wallet-title = Add to a wallet app
wallet-intro = Keep this credential in a wallet app on your phone too. The portal shows a QR code for the wallet app and a code to type in it.
wallet-make = Make a QR code for my wallet app
wallet-made-title = Scan this with your wallet app
wallet-open = Open in the wallet app on this phone
wallet-code-label = Then type this code in the wallet app
wallet-code-tip = Type this code only in your own wallet app. Staff will never ask you for it.
wallet-expires = This offer can be used once, until { $time }.
wallet-redeemed = Your wallet app received this credential.
wallet-ended = This offer has ended. Make a new QR code if you still need it.
wallet-locked = The code was typed wrong too many times, so this offer has ended. Make a new QR code.
access-by-you = you
access-action-credential-present = Showed some details of a credential
access-action-credential-offer = Made a QR code for a wallet app
access-action-credential-wallet-issue = A wallet app received a credential
case-action-credential-present = The person showed some details of a credential
case-action-credential-offer = The person made a wallet app offer
case-action-credential-wallet-issue = A wallet app received a credential

# Asking a wallet app for a proof (OpenID4VP), on /verify
verify-ask-title = Ask for a proof from a wallet app
verify-ask-intro = If the person keeps their proof in a wallet app, ask only for what you need. Their app shows them what you ask, and they choose whether to share it.
verify-ask-need = What do you need to know?
verify-ask-make = Show the request as a QR code
verify-ask-problem = Tick at least one detail.
verify-ask-wait-title = Let the person scan this with their wallet app
verify-ask-asked = You asked for:
verify-ask-open = Open in a wallet app on this phone
verify-ask-waiting = Waiting for the wallet app. The answer appears here by itself.
verify-ask-expires = The request can be answered for { $minutes } more minutes.
verify-ask-check = Show the answer
verify-ask-expired = Nobody answered this request in time.
verify-ask-again = Ask again
verify-ask-not-shown = The wallet app did not show everything you asked for. Missing: { $claims }.
verify-ask-unknown = This request is not known here. Ask again.
verify-reason-declined = The person declined in their wallet app. Nothing was shown.
