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
staff-people-search-label = Registration number or name
staff-people-search-submit = Search
staff-people-results = { $count } people found
staff-people-none = Nobody matches this search.
staff-people-previous = Previous page
staff-people-next = Next page
staff-people-open = Open the case of { $name }
staff-case-title = Case
staff-case-household = Household
staff-case-born = Born
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
passkeys-last-one = This is your only passkey. Add another one first, or ask at the registration desk for a new slip.
passkeys-confirm = Confirm with your passkey…
me-passkeys-link = My passkeys
