# Français

app-name = Portail des réfugiés
skip-to-content = Aller au contenu principal
nav-home = Accueil
nav-sign-in = Se connecter
nav-verify = Vérifier une preuve
language-switch-label = Langue
language-switch-submit = Changer de langue

home-title = Votre enregistrement, entre vos mains
home-lead = Consultez votre dossier d'enregistrement, demandez des corrections, prenez rendez-vous et montrez votre preuve numérique d'enregistrement. Depuis votre téléphone.
home-person-title = Vous êtes enregistré chez nous
home-person-body = Connectez-vous avec une clé d'accès : votre empreinte, votre visage ou le verrouillage de votre téléphone. Aucun mot de passe à retenir.
home-person-action = Se connecter
home-person-first-time = Première visite ? Ouvrez le lien ou tapez le code inscrit sur le reçu remis au guichet d'enregistrement.
home-provider-title = Vous vérifiez des documents
home-provider-body = Cliniques, banques, écoles et police : scannez une preuve numérique d'enregistrement pour savoir si elle est authentique, expirée ou révoquée. Sans compte. Après une première visite, cela fonctionne sans réseau.
home-provider-action = Vérifier une preuve d'enregistrement
home-staff-title = Vous travaillez pour l'agence
home-staff-body = Enregistrez des personnes, traitez les demandes, gérez les rendez-vous et les preuves d'enregistrement.
home-staff-action = Connexion du personnel
home-privacy-title = Vos données sont protégées
home-privacy-body = Seuls vous et le personnel qui en a besoin voyez vos données. Chaque consultation de votre dossier par le personnel est enregistrée, et vous pouvez voir qui l'a consulté.

not-found-title = Page introuvable
not-found-body = Cette page n'existe pas ou a été déplacée.
error-title = Une erreur est survenue
error-body = Réessayez dans un instant. Si le problème continue, adressez-vous au guichet d'enregistrement.
error-reference = Référence pour le guichet : { $reference }
busy-title = Un instant
busy-body = La page est en préparation. Elle s'ouvre d'elle-même dans quelques secondes.
back-to-start = Aller à la page d'accueil
footer-text = Ce portail est géré par le service d'enregistrement de l'agence humanitaire.

working = Un instant…
passkey-cancelled = L'étape de la clé d'accès a été annulée ou a expiré. Réessayez quand vous êtes prêt.
passkey-unsupported = Ce navigateur ne peut pas utiliser de clés d'accès. Utilisez un navigateur à jour sur votre téléphone.
passkey-needs-javascript = Les clés d'accès ont besoin de JavaScript. Activez-le pour ce site.

enroll-title = Créez votre clé d'accès
enroll-lead = Confirmez d'abord votre identité. Ensuite, votre téléphone demande votre empreinte, votre visage ou le verrouillage de l'écran.
enroll-code = Code de votre reçu
enroll-code-hint = Dix lettres et chiffres, par exemple ABCDE-12345
enroll-registration-number = Numéro d'enregistrement
enroll-registration-number-hint = Comme sur votre document, par exemple ABC-26-000123
enroll-date-of-birth = Date de naissance
enroll-staff-summary = Je travaille pour l'agence
enroll-staff-email = Adresse e-mail professionnelle
enroll-submit = Confirmer et créer ma clé d'accès
enroll-refused = Nous n'avons pas pu confirmer ces informations. Vérifiez-les et réessayez. Si cela ne fonctionne toujours pas, demandez un nouveau reçu au guichet d'enregistrement.

signin-title = Se connecter
signin-lead = Utilisez la clé d'accès de ce téléphone : votre empreinte, votre visage ou le verrouillage de l'écran.
signin-button = Se connecter avec une clé d'accès
signin-autofill-label = Votre clé d'accès
signin-refused = La connexion n'a pas fonctionné. Réessayez. Si vous avez perdu votre téléphone, demandez un nouveau reçu au guichet d'enregistrement.
signin-first-time = Pas encore de clé d'accès ? Ouvrez le lien du reçu remis au guichet d'enregistrement.

me-title = Mon dossier
me-greeting = Bonjour, { $name }
me-registration-number = Numéro d'enregistrement
me-signed-out = Vous n'êtes pas connecté.
signout = Se déconnecter
signout-everywhere = Se déconnecter sur tous les appareils
staff-title = Personnel
staff-greeting = Connecté en tant que { $name }

mail-invite-subject = Créez votre clé d'accès pour le Portail des réfugiés
mail-invite-body =
    Bonjour,

    Vous pouvez maintenant consulter votre dossier d'enregistrement sur votre téléphone. Ouvrez ce lien et suivez les étapes :
    { $link }

    Si le lien ne s'ouvre pas, allez sur le portail, choisissez « Se connecter », puis « Première visite ? », et tapez ce code : { $code }

    Le lien fonctionne une seule fois, jusqu'au { $expires }. Si vous n'attendiez pas ce message, vous pouvez l'ignorer.

staff-people-title = Personnes
staff-people-search-label = Nom, numéro d'enregistrement ou de dossier, ou téléphone
staff-people-search-hint = Les noms sont trouvés quelle que soit leur orthographe, en alphabet latin ou arabe. Les numéros par leur début ou leur fin, un téléphone par ses derniers chiffres.
staff-people-born-from = Né(e) le ou après le
staff-people-born-to = Né(e) le ou avant le
staff-people-born = Naissance
staff-people-case = Dossier
staff-people-bad-date = Une date de naissance n'a pas pu être lue. Choisissez-la dans le calendrier (jour, mois, année).
staff-people-dates = Date de naissance (facultatif)
staff-people-search-submit = Rechercher
staff-people-results = Personnes trouvées : { $count }
staff-people-none = Personne ne correspond à cette recherche.
staff-people-previous = Page précédente
staff-people-next = Page suivante
staff-people-open = Ouvrir le dossier de { $name }
staff-case-title = Dossier
staff-case-household = Ménage
staff-case-born = Né(e) le
staff-case-appointments = Rendez-vous
staff-case-appointments-none = Aucun rendez-vous de ce ménage dans vos lieux.
staff-case-requests = Demandes
staff-case-requests-none = Aucune demande pour ce ménage.
staff-case-audit = Qui a consulté ou modifié ce dossier
staff-case-audit-lead = Les entrées les plus récentes du journal d'audit. L'ouverture de ce dossier en fait partie.
staff-case-audit-person = La personne
staff-case-audit-relative = Un membre du ménage ou une personne de confiance
staff-case-audit-partner = Un système partenaire
staff-case-audit-system = Le portail (un import ou une tâche planifiée)
case-action-person-view = A ouvert le dossier
case-action-person-update = A modifié le dossier
case-action-person-create = A ajouté au ménage
case-action-person-history = A consulté l'historique du dossier
case-action-person-contact-view = A consulté téléphone, e-mail et adresse
case-action-request-view = A ouvert une demande
case-action-request-decide = A décidé une demande
case-action-request-ask-info = A posé une question à la personne
case-action-request-recommend = A recommandé une décision
case-action-request-submit = A préparé une demande
case-action-document-view = A ouvert un document
case-action-helper-view = Une personne de confiance a consulté les données
case-action-delegation = A changé qui peut agir pour la personne
case-action-other = Autre travail sur le dossier
staff-case-contact = Coordonnées
staff-case-contact-lead = Le téléphone, l'e-mail et l'adresse ne s'affichent qu'en cas de besoin. Chaque affichage est enregistré et la personne peut le voir.
staff-case-contact-show = Afficher le téléphone, l'e-mail et l'adresse
staff-case-contact-phone = Téléphone
staff-case-contact-email = E-mail
staff-case-contact-address = Adresse
staff-case-contact-none = Absent du dossier
staff-case-relationship = Lien
staff-case-not-available = Ce dossier n'existe pas ou n'est pas dans votre bureau.
staff-invite-title = Reçu d'inscription
staff-invite-revoke = Téléphone perdu : supprimer maintenant toutes les clés d'accès et connexions de cette personne
staff-invite-submit = Créer un reçu d'inscription
staff-invite-code = Code
staff-invite-expires = Valable jusqu'au { $expires }
staff-invite-print = Imprimer le reçu
staff-invite-instructions = Scannez le code avec l'appareil photo du téléphone, ou ouvrez le portail et tapez le code. Confirmez ensuite le numéro d'enregistrement et la date de naissance, puis créez une clé d'accès.
staff-invite-not-allowed = Seuls les agents d'enregistrement de ce bureau peuvent créer des reçus d'inscription.

passkeys-title = Mes clés d'accès
passkeys-lead = Une clé d'accès vous permet de vous connecter sur un appareil. Vous pouvez en avoir plusieurs, par exemple votre téléphone et celui d'un proche de confiance.
passkeys-created = Ajoutée le { $date }
passkeys-last-used = Utilisée le { $date }
passkeys-never-used = Pas encore utilisée
passkeys-add = Ajouter une clé d'accès sur cet appareil
passkeys-remove = Supprimer { $name }
passkeys-confirm-remove = Supprimer cette clé d'accès ? Vous ne pourrez plus vous connecter avec elle.
passkeys-device-android = Téléphone Android
passkeys-device-iphone = iPhone
passkeys-device-windows = Ordinateur Windows
passkeys-device-mac = Mac
passkeys-device-other = Cet appareil
passkeys-last-one = C'est votre seule clé d'accès. Ajoutez-en d'abord une autre, ou demandez un nouveau reçu au guichet d'enregistrement.
passkeys-confirm = Confirmez avec votre clé d'accès…
me-passkeys-link = Mes clés d'accès

# My record (issue 4)
nav-my-record = Mon dossier
nav-my-requests = Mes demandes
me-personal = À propos de moi
me-name = Nom
me-name-original = Nom dans votre écriture
me-date-of-birth = Date de naissance
me-date-estimated = (estimée)
me-sex = Sexe
me-nationality = Nationalité
me-country-of-origin = Pays d'origine
me-languages = Langues
me-contact = Coordonnées
me-phone = Téléphone
me-email = E-mail
me-address = Adresse
me-not-given = Non indiqué
me-status = Enregistrement
me-status-active = Votre enregistrement est actif.
me-status-inactive = Votre enregistrement n'est pas actif pour le moment. Contactez le bureau.
me-status-closed = Cet enregistrement est clôturé.
me-registered-since = Enregistré(e) depuis le { $date }
me-needs = Le soutien dont nous savons que vous avez besoin
me-household = Mon ménage
me-household-case = Numéro de dossier
me-relationship = Lien
me-requests-open = Demandes en cours
me-requests-none = Vous n'avez aucune demande en cours.
me-request-change = Demander une modification
me-access-log-link = Qui a consulté mes données
me-news = Nouvelles
me-news-decided = Votre demande { $reference } a reçu une réponse : { $status }.
me-news-needs-info = Le bureau a une question sur votre demande { $reference }.
me-wrong = Une information est fausse ou n'est plus à jour ? Demandez une modification.

relationship-principal = Demandeur principal
relationship-spouse = Conjoint(e)
relationship-child = Enfant
relationship-parent = Père ou mère
relationship-sibling = Frère ou sœur
relationship-grandchild = Petit-enfant
relationship-grandparent = Grand-parent
relationship-other-relative = Autre membre de la famille
relationship-non-relative = Sans lien de parenté

sex-female = Féminin
sex-male = Masculin
sex-other = Autre
sex-unknown = Non enregistré

need-sm = Problème médical grave
need-ds = Handicap
need-op = Personne âgée qui a besoin de soutien
need-um = Enfant sans parents ni personne qui s'occupe de lui
need-sc = Enfant séparé de ses parents
need-sp = Parent seul ou personne seule qui s'occupe d'enfants
need-pg = Femme enceinte ou qui allaite

request-kind-contact = Nouveau téléphone, e-mail, adresse ou langues
request-kind-correction = Corriger un nom, une date de naissance, le sexe ou la nationalité
request-kind-birth = Un bébé est né
request-kind-marriage = Je me suis marié(e) : ajouter mon mari ou ma femme
request-kind-death = Un membre de la famille est décédé
request-kind-departure = Un membre de la famille a quitté le ménage

request-status-submitted = Envoyée
request-status-under-review = En cours de vérification
request-status-needs-info = Question pour vous
request-status-approved = Acceptée
request-status-partly-approved = Acceptée en partie
request-status-rejected = Non acceptée
request-status-cancelled = Annulée
request-status-submitted-next = Votre demande est au bureau. En général, la réponse arrive sous 5 jours.
request-status-needs-info-next = Le bureau a besoin de plus d'informations. Répondez ci-dessous.

requests-title = Mes demandes
requests-none = Vous n'avez encore demandé aucune modification.
requests-sent-on = Envoyée le { $date }
request-new-title = Demander une modification
request-new-lead = Qu'est-ce qui a changé ?
request-form-only-changes = Remplissez seulement ce qui a changé.
request-form-reason = Pourquoi l'information de votre dossier est-elle fausse ?
request-form-documents = Documents justificatifs
request-form-documents-hint = Une photo (JPEG, PNG ou WebP) ou un PDF, jusqu'à { $size } chacun, 5 fichiers au maximum.
request-form-documents-needed = Un document est nécessaire pour cette modification, par exemple un avis de naissance, un acte de mariage ou un passeport.
request-form-member = De qui s'agit-il ?
request-form-event-date = Date de l'événement
request-form-given-name = Prénom (lettres latines)
request-form-family-name = Nom de famille (lettres latines)
request-form-given-name-original = Prénom dans votre écriture (facultatif)
request-form-family-name-original = Nom de famille dans votre écriture (facultatif)
request-form-sex = Sexe
request-form-date-of-birth = Date de naissance
request-form-nationality = Nationalité : code de 3 lettres, par exemple SYR, AFG ou XXA (apatride)
request-form-phone = Nouveau numéro de téléphone
request-form-phone-hint = Avec l'indicatif du pays, par exemple +962 79 123 4567
request-form-email = Nouvelle adresse e-mail
request-form-address = Nouvelle adresse
request-form-languages = Langues : codes de 3 lettres, par exemple ara;eng
request-form-choose = Choisir…
request-form-submit = Envoyer ma demande
request-form-kept-title = Déjà joints
request-form-kept-hint = Gardés depuis votre dernier essai : inutile de les choisir à nouveau. Décochez un fichier pour le retirer.
request-form-kept-size = { $size } Ko
request-form-errors = Corrigez les problèmes ci-dessous.
request-form-change-kind = Choisir un autre type de modification

request-title = Demande { $reference }
request-about = Concerne
request-changes = Ce qui a été demandé
request-change-now = Dans le dossier
request-change-asked = Demandé
request-change-add = Ajouter au ménage : { $name }
request-change-end-death = { $name } est décédé(e) le { $date }
request-change-end-departure = { $name } a quitté le ménage le { $date }
request-change-approved = Accepté
request-change-rejected = Non accepté
request-decision-reason = Motif
request-decision-note = Note du bureau
request-history = Historique
request-event-submit = Envoyée
request-event-open = Le bureau a commencé la vérification
request-event-ask-info = Le bureau a posé une question
request-event-answer = Réponse envoyée
request-event-recommend = Un agent a recommandé une décision
request-event-decide = Décision prise
request-event-cancel = Annulée
request-by-person = par la personne
request-by-role = par un { $role }
request-question = Question du bureau
request-answer = Votre réponse
request-answer-submit = Envoyer ma réponse
request-cancel = Annuler cette demande
request-documents = Documents
request-document = Document { $number } ({ $type })
document-type-pdf = PDF
document-type-photo = photo
request-reason = Motif indiqué

role-clerk = agent d'enregistrement
role-approver = superviseur
role-admin = administrateur

rejection-insufficient-evidence = Les documents ne prouvent pas la modification.
rejection-document-unreadable = Un document n'a pas pu être lu.
rejection-information-mismatch = Les informations ne correspondent pas à notre dossier.
rejection-duplicate = La même modification a déjà été demandée.
rejection-record-changed = Le dossier a changé entre-temps. Vérifiez-le et refaites la demande.
rejection-not-eligible = Cette modification n'est pas possible selon les règles.
rejection-other = Autre motif (voir la note).

access-log-title = Qui a consulté mes données
access-log-lead = Chaque fois que le personnel ouvre ou modifie votre dossier, c'est enregistré. Vous voyez son rôle et son bureau, pas son nom. La liste montre aussi quand vous avez partagé une attestation ou quand une application portefeuille en a reçu une.
access-log-none = Aucun membre du personnel n'a encore ouvert votre dossier.
access-log-when = Quand
access-log-what = Quoi
access-log-who = Qui
access-log-who-value = { $role }, bureau { $office }
access-log-all-offices = tous les bureaux
access-action-person-view = A ouvert votre dossier
access-action-person-update = A modifié votre dossier
access-action-person-create = Vous a ajouté(e) au ménage
access-action-person-history = A consulté l'historique de votre dossier
access-action-person-contact-view = A consulté votre téléphone, votre e-mail et votre adresse
access-action-request-view = A ouvert votre demande
access-action-request-decide = A décidé de votre demande
access-action-request-ask-info = Vous a posé une question
access-action-request-recommend = A recommandé une décision sur votre demande
access-action-request-submit = A préparé une demande pour vous
access-action-document-view = A ouvert un document que vous avez envoyé
access-action-other = Autre travail sur votre dossier

problem-required = Ce champ est obligatoire.
problem-too-long = C'est trop long.
problem-format = Ce n'est pas dans la forme attendue.
problem-not-one-of = Choisissez une des options.
problem-in-future = Cette date est dans le futur.
problem-too-old = Cette date est trop ancienne.
problem-control-characters = Ce texte contient des caractères non autorisés.
problem-hidden-characters = Ce texte contient des caractères invisibles qui changent le sens de lecture ou cachent des lettres. Retapez-le sans le copier d'ailleurs.
problem-duplicate = La même valeur apparaît deux fois.
problem-unchanged = C'est la même chose que dans notre dossier. Remplissez seulement ce qui a changé.
problem-not-recent = C'est trop ancien pour le signaler ici. Allez au bureau.
problem-unknown-member = Choisissez un membre actuel de votre ménage.
problem-too-many = Trop de fichiers. Envoyez-en 5 au maximum.
problem-daily-limit = Vous avez envoyé autant de documents qu'une journée le permet. Envoyez les autres demain, ou apportez-les au bureau.
problem-too-large = Un fichier est trop lourd. Envoyez une photo ou un PDF plus petit.
problem-unsupported-type = Un fichier n'est ni une photo ni un PDF. Envoyez une photo JPEG, PNG ou WebP, ou un PDF.
problem-stale = Quelqu'un a modifié ceci entre-temps. La page montre maintenant la version actuelle ; vérifiez et réessayez.
problem-not-now = Ce n'est plus possible. La page montre la situation actuelle.
problem-refused = Vous n'avez pas le droit de faire cela.
problem-nothing = Indiquez au moins une modification.

staff-nav-requests = Demandes
staff-requests-title = Demandes à examiner
staff-requests-kind = Type
staff-requests-status = Statut
staff-requests-age = En attente depuis plus de
staff-requests-any = Tous
staff-requests-pending = Ouvertes (envoyées, en vérification, question)
staff-requests-days = { $days } jours
staff-requests-show = Afficher
staff-requests-counts = Demandes par statut
staff-requests-none = Aucune demande ne correspond.
staff-requests-waiting = Envoyée
staff-requests-office = Bureau
staff-requests-open = Examiner { $reference }
staff-requests-person = Personne
staff-requests-prepared = Préparée par
staff-requests-prepared-self = La personne
staff-requests-sort = Ordre
staff-requests-oldest = Les plus anciennes d'abord
staff-requests-newest = Les plus récentes d'abord
staff-requests-waiting-days = En attente depuis { $days } jours
staff-review-title = Examen de { $reference }
staff-review-maker = Faite par
staff-review-maker-person = la personne, sur le portail
staff-review-maker-staff = un agent d'enregistrement, pour la personne
staff-review-field = Champ
staff-review-current = Actuellement dans le dossier
staff-review-proposed = Demandé
staff-review-approve = Accepter
staff-review-conflict = Ce dossier a changé après la demande. Vérifiez les valeurs actuelles du dossier. Vous pouvez refuser la modification ou demander à la personne de la confirmer.
staff-review-recommended = Un agent recommande : { $summary }
staff-review-decide = Décider
staff-review-decide-submit = Enregistrer la décision
staff-review-reason = Motif de ce qui n'est pas accepté
staff-review-reason-none = (rien n'est refusé)
staff-review-note = Note pour la personne (facultative ; obligatoire pour « Autre motif »)
staff-review-ask = Demander plus d'informations
staff-review-question = Votre question
staff-review-ask-submit = Envoyer la question
staff-review-recommend = Recommander une décision
staff-review-recommend-submit = Enregistrer ma recommandation
staff-review-refused-own-request = Vous avez fait cette demande : un collègue doit prendre la décision.
staff-review-refused-needs-approver = Seul un superviseur peut décider de cette modification. Vous pouvez recommander une décision.
staff-review-refused-own-recommendation = Vous avez recommandé cette décision : un autre superviseur doit la prendre.
staff-review-refused-own-record = C'est votre propre ménage : un collègue doit prendre la décision.
staff-review-refused-not-reviewer = Votre rôle ne permet pas d'examiner les demandes.
staff-review-household = Ménage actuel
staff-review-history = Demandes précédentes du ménage
staff-review-answer = Réponse de la personne
staff-review-saved = Enregistré : { $status }.
staff-review-not-available = Cette demande n'existe pas ou n'est pas dans votre bureau.
staff-case-history = Historique du dossier
staff-case-version = Version { $version }, { $date }
staff-case-prepare = Préparer une correction pour cette personne

mail-request-subject = Votre demande { $reference }
mail-request-decided-body =
    Bonjour,

    Le bureau a répondu à votre demande { $reference } : { $status }.

    Connectez-vous pour voir les détails :
    { $link }

mail-request-needs-info-body =
    Bonjour,

    Le bureau a une question sur votre demande { $reference }.

    Connectez-vous pour la lire et y répondre :
    { $link }

# Appointments (issue 5)
nav-my-appointments = Mes rendez-vous
appointments-title = Mes rendez-vous
appointments-lead = Prenez rendez-vous au bureau au lieu d'attendre à l'entrée.
appointments-upcoming = À venir
appointments-past = Passés
appointments-none-upcoming = Vous n'avez pas de rendez-vous.
appointments-none-past = Aucun rendez-vous passé.
appointments-book = Prendre rendez-vous
appointments-choose-service = De quoi avez-vous besoin ?
appointments-choose-location = Où ?
appointments-bring-documents = Apportez vos documents.
appointments-free-slots = Heures libres (heure locale du bureau)
appointments-no-slots = Aucune heure libre dans les prochaines semaines.
appointments-book-slot = Réserver { $time }
appointments-no-fit = Aucune heure ne vous convient ? Dites-nous quand vous pouvez venir.
appointments-preferred = Les jours et les heures qui vous conviennent
appointments-preferred-hint = Par exemple : lundi ou mardi matin
appointments-ask = Envoyer
appointments-asked = Votre message a été envoyé. Le bureau va vous proposer une heure.
appointments-booked = Votre rendez-vous est pris. Une confirmation vous a été envoyée par e-mail.
appointments-when = Quand
appointments-where = Où
appointments-what = Pour quoi
appointments-reference = Référence
appointments-status-booked = Prévu
appointments-status-attended = Vous êtes venu(e)
appointments-status-no-show = Manqué
appointments-status-cancelled = Annulé
appointments-qr = Montrez ce code à l'entrée.
appointments-calendar = Ajouter à mon agenda
appointments-reschedule = Choisir une autre heure
appointments-cancel = Annuler ce rendez-vous
appointments-cutoff = Vous pouvez faire des changements jusqu'à { $hours } heures avant le rendez-vous.
appointments-too-late = Il est trop tard pour changer ce rendez-vous en ligne. Appelez le bureau.
appointments-full = Cette heure vient d'être prise. Choisissez-en une autre.
appointments-limit = Vous avez déjà un rendez-vous pour cela. Annulez-le d'abord pour en prendre un autre.
appointments-past-slot = Cette heure est passée. Choisissez-en une autre.
appointments-staff-reason = Message du bureau
appointments-open = Ouvrir { $reference }

staff-nav-appointments = Rendez-vous
staff-appointments-title = Rendez-vous
staff-appointments-location = Lieu
staff-appointments-date = Date
staff-appointments-day = Jour
staff-appointments-week = Semaine
staff-appointments-span = Afficher
staff-appointments-show = Afficher
staff-appointments-none = Aucun rendez-vous.
staff-appointments-who = Qui
staff-appointments-mark-attended = Venu(e)
staff-appointments-mark-no-show = Pas venu(e)
staff-appointments-cancel = Annuler
staff-appointments-move = Déplacer
staff-appointments-reason = Motif (communiqué à la personne)
staff-appointments-to-slot = Nouvelle heure
staff-appointments-requests = Personnes qui demandent un rendez-vous
staff-appointments-requests-none = Personne n'attend de rendez-vous.
staff-appointments-offer = Proposer cette heure
staff-appointments-saved = Enregistré.
staff-appointments-find = Référence du rendez-vous
staff-appointments-scan-title = Qui est au guichet ?
staff-appointments-scan-lead = Scannez ou saisissez la référence de son rendez-vous, le code QR de son attestation, sa fiche d'inscription ou son numéro d'enregistrement.
staff-appointments-scan-code = Référence, numéro d'enregistrement ou texte du code QR
staff-appointments-scan-submit = Trouver son rendez-vous
staff-appointments-scan-camera = Scanner avec la caméra
staff-appointments-scan-stop = Arrêter la caméra
staff-appointments-scan-camera-unavailable = La caméra n'est pas utilisable ici. Saisissez la référence.
staff-appointments-scanned-no-booking = Cette personne n'a pas de rendez-vous dans vos lieux.
staff-appointments-scanned-not-genuine = Ce code QR n'est pas une attestation authentique de ce portail. Vérifiez les documents de la personne.
staff-appointments-scanned-unknown = Rien n'a été trouvé pour ce code dans vos lieux.
staff-appointments-found-none = Aucun rendez-vous n'a cette référence dans vos lieux.
staff-appointments-from-start = Il pourra être marqué dès qu'il commence.
appointments-not-started = Ce rendez-vous n'a pas encore commencé. Marquez-le dès qu'il commence.
appointments-not-over = Ce rendez-vous n'est pas encore terminé. Marquez l'absence après sa fin.

mail-appointment-subject = Votre rendez-vous { $reference }
mail-appointment-booked-body =
    Bonjour,

    Votre rendez-vous est pris : { $service }, { $time }, { $location }.
    Référence : { $reference }. L'invitation pour votre agenda est jointe.

    Pour le voir ou le changer :
    { $link }
mail-appointment-changed-body =
    Bonjour,

    Votre rendez-vous { $reference } a une nouvelle heure : { $service }, { $time }, { $location }.
    L'invitation mise à jour pour votre agenda est jointe.

    { $link }
mail-appointment-cancelled-body =
    Bonjour,

    Votre rendez-vous { $reference } ({ $service }, { $time }) est annulé.

    Pour prendre un autre rendez-vous :
    { $link }
mail-appointment-reminder-body =
    Bonjour,

    Rappel : votre rendez-vous est demain : { $service }, { $time }, { $location }.
    Référence : { $reference }.

    { $link }

## Credentials (issue 6)
nav-my-credentials = Mes attestations
credentials-title = Mes attestations
credentials-lead = Une attestation prouve votre enregistrement auprès d'une clinique, d'une banque, d'une école ou de la police. L'agence la signe, et tout le monde peut la vérifier sur la page « Vérifier une preuve ».
credentials-reauth = Pour afficher vos attestations, confirmez d'abord que c'est bien vous avec votre clé d'accès.
credentials-reauth-button = Confirmer avec ma clé d'accès
credentials-reauth-working = Utilisez votre clé d'accès maintenant…
credentials-reauth-cancelled = La clé d'accès n'a pas été utilisée. Réessayez.
credentials-kind-registration = Preuve d'enregistrement
credentials-kind-household = Attestation du ménage
credentials-status-none = Pas encore créée
credentials-status-active = Valable
credentials-status-suspended = Suspendue
credentials-status-revoked = N'est plus valable
credentials-status-expired = Expirée
credentials-valid-until = Valable jusqu'au { $date }
credentials-show = Afficher le code QR
credentials-get = Obtenir mon attestation
credentials-next-suspended = Cette attestation est suspendue. Contactez votre bureau, s'il vous plaît.
credentials-next-office = Votre bureau vous donnera une nouvelle attestation. Contactez-le, s'il vous plaît.
credentials-next-inactive = Les attestations sont données seulement pour un enregistrement actif.
credentials-qr-title = Montrez ce code QR
credentials-qr-tip = Augmentez la luminosité de l'écran et tenez le téléphone immobile devant la caméra.
credentials-download-title = Enregistrer ou partager
credentials-download-json = Télécharger l'attestation (.json)
credentials-download-jwt = Télécharger l'attestation (.jwt)
credentials-download-svg = Télécharger le code QR (.svg)
credentials-print = Imprimer cette page
credentials-back = Toutes mes attestations
credentials-number = Numéro
credentials-name = Nom
credentials-issued = Délivrée le
credentials-not-current = Cette attestation n'est plus valable. Revenez en arrière pour en obtenir une nouvelle.
credential-reason-record-changed = Le dossier a changé
credential-reason-lost-or-stolen = Perdue ou volée
credential-reason-record-error = Erreur dans le dossier
credential-reason-registration-closed = Enregistrement clôturé
credential-reason-fraud-suspected = Mauvaise utilisation soupçonnée
credential-reason-under-review = En cours de vérification
credential-reason-other = Autre motif
verify-title = Vérifier une preuve
verify-lead = Scannez le code QR sur le téléphone ou le papier de la personne, ou collez l'attestation, pour savoir si elle est authentique.
verify-scan = Scanner avec la caméra
verify-scan-stop = Arrêter la caméra
verify-photo = Ou prenez une photo du code QR
verify-paste = Ou collez l'attestation ou le texte du code QR
verify-submit = Vérifier
verify-again = Vérifier une autre attestation
verify-outcome-genuine = Authentique
verify-outcome-expired = Expirée
verify-outcome-not-yet-valid = Pas encore valable
verify-outcome-revoked = Révoquée : n'est plus valable
verify-outcome-suspended = Suspendue : pas valable pour le moment
verify-outcome-forged = Pas authentique : ne l'acceptez pas
verify-outcome-unknown-issuer = Émetteur inconnu : ne l'acceptez pas
verify-outcome-status-unknown = Le statut n'a pas pu être vérifié
verify-outcome-unreadable = Aucune attestation n'a pu être lue
verify-compare = Comparez le nom et la photo avec la personne devant vous.
verify-compare-no-photo = Cette preuve n'a pas de photo : comparez le nom et la date de naissance avec la pièce d'identité de la personne.
verify-status-reason = Motif : { $reason }
verify-status-since = Depuis le
verify-photo-alt = Photo du titulaire
verify-photo-missing = La photo n'a pas pu être affichée.
verify-issued-through = Émis via le portail par le partenaire { $partner } : c'est ce partenaire qui se porte garant de son contenu.
verify-status-age = Statut vérifié il y a { $minutes } minutes
verify-born = Date de naissance
verify-office = Délivrée par
verify-valid-until = Valable jusqu'au
verify-members = Membres du ménage
verify-reason-no-qr-code = Aucun code QR n'a été trouvé sur l'image. Réessayez de plus près, avec plus de lumière.
verify-reason-empty = Rien n'a été envoyé. Scannez, photographiez ou collez une attestation.
verify-reason-not-an-image = Le fichier n'est pas une image (PNG ou JPEG).
verify-reason-image-too-large = L'image est trop grande.
verify-reason-busy = Le vérificateur est occupé par d'autres vérifications. Rien n'a été décidé pour cette preuve : réessayez dans quelques secondes.
verify-result-gone = Ce résultat n'est plus disponible. Vérifiez de nouveau l'attestation.
verify-camera-unavailable = La caméra ne peut pas être utilisée ici. Prenez plutôt une photo.
staff-credentials-title = Attestations
staff-credentials-none = Aucune attestation n'a encore été délivrée.
staff-credentials-suspend = Suspendre
staff-credentials-unsuspend = Lever la suspension
staff-credentials-revoke = Révoquer
staff-credentials-reason = Motif
staff-credentials-apply = Appliquer
staff-credentials-issue-registration = Délivrer une nouvelle preuve d'enregistrement
staff-credentials-issue-household = Délivrer une nouvelle attestation du ménage
staff-credentials-refused = Cette modification n'a pas été possible (quelqu'un a fait un changement avant vous, ou votre rôle ne le permet pas).

# Dates et heures (calendrier grégorien)
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche
weekday-date-pattern = { $weekday } { $date }
# Solar Hijri months (Afghanistan's names), shown in Dari beside the Gregorian date.
solar-month-1 = Hamal
solar-month-2 = Saur
solar-month-3 = Djaouza
solar-month-4 = Saratan
solar-month-5 = Asad
solar-month-6 = Sounboula
solar-month-7 = Mizan
solar-month-8 = Aqrab
solar-month-9 = Qaus
solar-month-10 = Djadi
solar-month-11 = Dalw
solar-month-12 = Hout
dual-date-pattern = { $solar } ({ $gregorian })
date-pattern = { $day } { $month } { $year }
date-time-pattern = { $date } à { $time }
time-zone-utc = UTC

# Le vérificateur hors connexion.
verify-status-as-of = Dernière vérification du statut : { $age }
verify-offline-ready = Prêt à vérifier des preuves sans connexion.
verify-offline-not-ready = Ce téléphone ne peut pas encore vérifier hors connexion. Ouvrez cette page une fois avec une connexion.
verify-offline-checked = Vérifié sur ce téléphone, sans connexion.
verify-offline-photo = La photo ne peut pas être affichée sans connexion. Comparez le nom et la date de naissance.
verify-offline-needs-connection = Ce fichier ne peut être vérifié qu’avec une connexion. Scannez ou photographiez plutôt le code QR.

# Codes partagés par le serveur et le navigateur (server/types) : les mots des codes qui n'en avaient pas.
registration-status-active = Actif
registration-status-inactive = Inactif
registration-status-closed = Clôturé
# Besoins sensibles pour la protection : termes du personnel ; la personne ne les voit pas dans son dossier.
need-wr = Femme en situation de risque
need-lp = Besoins spécifiques de protection juridique et physique
need-tr = Survivant ou survivante de torture ou de violence
credentials-kind-external = Attestation pour une organisation partenaire
nationality-stateless = Apatride
nationality-refugee = Réfugié (selon la Convention de 1951)
nationality-other-refugee = Réfugié (autre statut)
nationality-unspecified = Non précisée
problem-unknown-code = Nous ne connaissons pas ce code. Vérifiez-le et réessayez.
field-office-code = Code du bureau
field-office-name = Nom du bureau
field-time-zone = Fuseau horaire
field-share = Ce qui est montré
field-date-of-birth-estimated = Date de naissance estimée
field-specific-needs = Besoins spécifiques
field-display-name = Nom affiché pour les collègues
field-role = Rôle
field-kind = Type
field-status = Statut
field-decision = Décision
field-weekday = Jour de la semaine
field-service = Service
field-duration = Durée en minutes
field-limit = Rendez-vous par ménage en même temps

# Messages, the header and confirmations (issue 16)
nav-messages = Messages
header-messages-unread = Messages (non lus : { $count })
header-account = Votre compte
messages-title = Mes messages
messages-lead = Ce que le bureau a fait pour vos demandes, vos rendez-vous et vos attestations. Plus bas, vous choisissez si chaque message part aussi vers votre adresse électronique ou votre téléphone.
messages-none = Aucun message pour l’instant.
messages-new = Nouveau
messages-open = Ouvrir
message-appointment-booked = Rendez-vous { $reference } : réservé.
message-appointment-changed = Rendez-vous { $reference } : déplacé à une autre heure.
message-appointment-cancelled = Rendez-vous { $reference } : annulé.
message-credential-issued = { $credential } : un nouveau document vous a été délivré.
message-credential-suspended = { $credential } : suspension. Motif : { $reason }.
message-credential-reinstated = { $credential } : de nouveau valable.
message-credential-revoked = { $credential } : révocation. Motif : { $reason }.
sms-news = Portail des réfugiés : vous avez un nouveau message. Connectez-vous pour le lire : { $link }
mail-credential-subject = Du nouveau : { $credential }
mail-credential-body =
    Bonjour,

    { $news }

    Connectez-vous pour voir vos attestations :
    { $link }
appointments-morning = Matin
appointments-afternoon = Après-midi
appointments-free-count = horaires libres : { $count }
confirm-cancel-appointment = Annuler ce rendez-vous ? L’horaire sera donné à quelqu’un d’autre. Vous pourrez en réserver un nouveau ensuite.
confirm-cancel-appointment-yes = Oui, l’annuler
confirm-signout-everywhere = Vous déconnecter sur tous les téléphones et ordinateurs où vous êtes connecté, y compris celui-ci ?
confirm-signout-everywhere-yes = Oui, me déconnecter partout
staff-credentials-change = Suspendre ou révoquer
staff-credentials-change-lead = Une suspension peut être levée plus tard. Une révocation est définitive : tout vérificateur verra l’attestation comme révoquée.

# Help and complaints (issue 16)
nav-help = Aide
help-title = Aide
help-lead = Où nous trouver, comment nous appeler, comment nous dire ce qui n’a pas marché, et ce que nous faisons de vos données.
help-places = Nos bureaux
help-phone = Téléphone
help-hours = Horaires d’ouverture
help-hours-line = { $weekday } : { $opens }–{ $closes }
help-hours-none = Les horaires ne sont pas encore publiés.
help-map = Voir sur une carte
help-feedback-title = Réclamations et avis
help-feedback-lead = Dites-nous ce qui n’a pas marché ou ce qui pourrait être mieux. Vous n’avez pas besoin de vous connecter ni de donner votre nom. Gardez la référence que nous vous donnons : elle permet à vous et à nous de retrouver votre message.
help-kind = De quoi s’agit-il ?
help-kind-complaint = Une réclamation
help-kind-feedback = Un avis ou une idée
help-office = Quel bureau est concerné ?
help-office-any = Aucun bureau en particulier
help-message = Votre message
help-contact = Comment vous joindre ? (facultatif)
help-contact-hint = Un numéro de téléphone ou une adresse électronique, seulement si vous voulez une réponse. Laissez vide pour rester anonyme.
help-send = Envoyer
help-sent = Merci, nous avons bien reçu votre message. Votre référence est { $reference }.
help-busy = Nous ne pouvons pas recevoir d’autres messages pour l’instant. Réessayez dans une heure ou appelez un bureau.
help-data-title = Ce que nous faisons de vos données
help-data-1 = Nous gardons les données de votre enregistrement pour que vous puissiez recevoir de l’aide et prouver qui vous êtes. Nous ne les utilisons pour rien d’autre et ne les vendons jamais.
help-data-2 = Seul le personnel de votre bureau peut ouvrir votre dossier, et chaque ouverture est notée. Vous pouvez la voir dans « Qui a consulté mes données ».
help-data-3 = Une personne qui vérifie votre attestation voit seulement ce qui y est écrit, pas le reste de votre dossier.
help-data-4 = Si une information de votre dossier est fausse, demandez une correction depuis « Mon dossier ». Si vous pensez que vos données ont été mal utilisées, envoyez une réclamation ici.
staff-feedback-title = Réclamations et avis
staff-feedback-none = Rien reçu.
staff-feedback-anonymous = Anonyme
staff-feedback-signed-in = Envoyé par une personne connectée
staff-feedback-contact = Contact : { $contact }
staff-feedback-any-office = Tout bureau

# My data (issue 16)
my-data-title = Mes données
my-data-lead = Tout ce que le portail garde sur vous, sur une seule page. L’ouverture de cette page ou le téléchargement du fichier sont notés, comme tout accès à vos données.
my-data-download = Tout télécharger (fichier)
my-data-file-hint = Le fichier (JSON) contient la même chose, sous une forme que d’autres programmes peuvent lire. Gardez-le en lieu sûr : il contient vos données personnelles.
my-data-photo = Photo
my-data-photo-kept = Une photo est gardée avec votre dossier.
my-data-photo-none = Aucune photo n’est gardée.
my-data-documents = Fichiers envoyés : { $count }
my-data-more = Gardé aussi
my-data-lines = Entrées : { $count }
my-data-none = Rien n’est gardé ici.

# How a person is told of news (My messages)
channels-title = Comment nous vous prévenons
channels-lead = Me prévenir des nouvelles
channels-portal = Ici, dans Mes messages
channels-portal-always = toujours
channels-mail = Par courriel
channels-sms = Par SMS
channels-no-email = ajoutez d'abord une adresse électronique (demandez une modification)
channels-no-phone = ajoutez d'abord un numéro de téléphone (demandez une modification)
channels-sms-not-offered = pas encore disponible
channels-sms-privacy = Un SMS dit seulement qu'il y a du nouveau et renvoie ici : il ne montre jamais votre nom, une décision ou une date, car toute personne qui tient le téléphone pourrait le lire.
channels-save = Enregistrer mon choix
channels-saved = Votre choix est enregistré.

# Trusted helpers (/me/trusted)
trusted-title = Personnes de confiance
trusted-lead = Une personne de confiance (un proche, un ami, un travailleur social qui a un compte sur le portail) peut voir votre dossier et agir pour vous dans les limites que vous choisissez, jusqu'au jour que vous choisissez. Vous pouvez y mettre fin à tout moment, et tout ce qu'elle fait apparaît dans votre historique comme fait par votre personne de confiance.
nav-trusted = Personnes de confiance
trusted-grant-title = Me faire aider
trusted-name = Son nom
trusted-name-hint = Comme vous l'appelez, par exemple : Omar, mon frère.
trusted-limits = Ce qu'elle peut faire
trusted-view-always = Voir mon dossier, mon ménage, mes demandes, mes rendez-vous et mes messages (toujours)
trusted-may-book = Prendre, déplacer et annuler mes rendez-vous
trusted-may-request = Demander des modifications de mon dossier et répondre aux questions du bureau
trusted-days = Pendant combien de jours
trusted-days-hint = De 1 à 365 jours.
trusted-grant = Créer un code pour ma personne de confiance
trusted-code-title = Donnez ce code à votre personne de confiance
trusted-code-body = Elle se connecte avec sa propre clé d'accès, ouvre Personnes de confiance et saisit le code. Il ne sert qu'une fois, dans les 48 heures. Ne le donnez à personne d'autre.
trusted-mine-title = Qui peut agir pour moi
trusted-mine-none = Personne ne peut agir pour vous.
trusted-helping-title = Les personnes que j'aide
trusted-helping-none = Vous n'aidez personne.
trusted-accept-title = On m'a donné un code
trusted-code = Code
trusted-code-hint = Douze lettres et chiffres, par exemple ⁦ABCD-EFGH-JKLM⁩.
trusted-accept = Utiliser le code
trusted-accepted = Vous pouvez maintenant agir pour cette personne : choisissez « Agir pour elle » ci-dessous.
trusted-act = Agir pour elle
trusted-end = Mettre fin
trusted-end-question = Y mettre fin ? Cette personne ne pourra plus agir.
trusted-end-yes = Oui, mettre fin
trusted-ended = C'est terminé.
trusted-until = jusqu'au { $date }
trusted-may-view-only = peut seulement regarder
trusted-standing-invited = en attente du code
trusted-standing-active = en cours
trusted-standing-unclaimed = le code n'a pas été utilisé à temps
trusted-standing-expired = la durée est écoulée
trusted-standing-ended = terminé
trusted-acting = Vous agissez pour { $name }.
trusted-stop = Ne plus agir pour elle
trusted-bad-code = Ce code ne fonctionne pas : il est peut-être mal saisi, déjà utilisé, ou vieux de plus de 48 heures.
trusted-not-for-helpers = Cette page est réservée à la personne elle-même, pas à une personne de confiance.
trusted-too-many = Vous avez déjà 5 personnes de confiance ou codes en attente : mettez fin à l'un d'eux d'abord.
request-event-by-helper = par votre personne de confiance
access-by-helper = votre personne de confiance { $name }
access-action-helper-view = A consulté vos données
access-action-delegation = A changé qui peut agir pour vous
staff-case-helpers = Personnes de confiance
staff-case-helpers-none = Aucune personne de confiance.
staff-case-helper-of = aide cette personne
staff-case-helper-for = cette personne en aide une autre
staff-quality-title = Qualité des données
staff-quality-lead = Ce que les contrôles de nuit ont trouvé dans les dossiers de votre bureau. Corrigez un dossier par la modification vérifiée habituelle, puis marquez le constat résolu. Un constat clos ne revient que si les dossiers changent.
staff-quality-open = À examiner
staff-quality-escalated = Transmis
staff-quality-resolved = Résolus
staff-quality-false-positive = Faux positifs
staff-quality-none = Aucun constat avec ce statut.
staff-quality-count = Constats : { $count }
staff-quality-score = Ressemblance : { $score } sur 100
staff-quality-found = Trouvé le
staff-quality-open-record = Chercher le dossier { $number }
staff-quality-mark-resolved = Résolu
staff-quality-mark-false-positive = Pas un problème
staff-quality-mark-escalated = Transmettre
staff-quality-done = Enregistré :
staff-quality-stale = Ce constat a été traité entre-temps, ou n'existe plus. La liste est à jour.
staff-quality-unavailable = Les constats ne peuvent pas vous être montrés.
staff-nav-quality = Qualité des données
quality-rule-missing-field = Un nom est vide, ou le demandeur principal n'a ni téléphone ni e-mail
quality-rule-born-in-future = Né(e) après aujourd'hui
quality-rule-too-old = Plus de 120 ans
quality-rule-child-older-than-parent = Un enfant a moins de 12 ans d'écart avec un parent
quality-rule-household-principal = Le ménage n'a pas exactement un demandeur principal
quality-rule-shared-contact = Un même téléphone ou e-mail dans des ménages sans lien
quality-rule-likely-duplicate = Peut-être la même personne enregistrée deux fois

# Reports (/staff/reports)
staff-nav-reports = Rapports
reports-title = Rapports
reports-intro = L'opération en chiffres, sans aucune personne dedans. Les personnes sont comptées à ce jour ; le reste tombe entre le premier et le dernier jour.
reports-from = Premier jour
reports-to = Dernier jour
reports-office = Bureau
reports-office-all = Tous les bureaux
reports-show = Afficher
reports-scope = { $office }, du { $from } au { $to } (jours à l'heure de { $zone })
reports-people = Personnes
reports-registered = Enregistrées
reports-active = Actives
reports-enrolled = Avec une clé d'accès au portail
reports-new-per-day = Enregistrées par jour
reports-requests = Demandes de mise à jour
reports-waiting = En attente
reports-waiting-median = La moitié attend depuis moins de
reports-waiting-p90 = Neuf sur dix attendent depuis moins de
reports-days = { $days } jours
reports-decided-per-week = Décidées par semaine
reports-week-of = Semaine du { $date }
reports-approved = Approuvées
reports-partly-approved = Approuvées en partie
reports-rejected = Refusées
reports-appointments = Rendez-vous
reports-appointments-per-day = Rendez-vous par jour (non annulés)
reports-attended = Venus
reports-no-show = Pas venus
reports-still-booked = Pas encore notés
reports-cancelled = Annulés
reports-no-show-rate = Pas venus, parmi ceux notés
reports-percent = { $value } %
reports-credentials = Attestations
reports-issued = Délivrées
reports-revoked = Révoquées
reports-issued-per-day = Délivrées par jour
reports-checked = Vérifiées par le vérificateur, tous bureaux
reports-checked-note = Les vérifications faites sur un téléphone sans connexion ne sont pas comptées.
reports-total = Au total : { $count }
reports-none = Aucun pendant cette période.
reports-csv = Télécharger en CSV
reports-csv-note = Dans le fichier, les nombres de 1 à 4 sont écrits « <5 » et les taux calculés sur moins de 5 sont omis, pour qu'aucune famille ne puisse être reconnue. Les téléchargements sont enregistrés.
reports-chart-bar = { $label } : { $count }
reports-error-office = Le personnel d'un bureau ne voit que les chiffres de son bureau.
reports-error-period = Le dernier jour doit être le premier jour ou après, au plus un an plus tard.
reports-numbers = Les nombres
reports-unavailable = Le rapport ne peut pas être affiché pour l'instant. Réessayez dans un instant.
reports-revoked-per-day = Révoquées par jour

## Admin console (/staff/admin)
staff-nav-admin = Comptes et clés
admin-title = Comptes et clés
admin-lead-all = Vous gérez tous les comptes du personnel, les jetons d’API des systèmes partenaires et les clés qui signent les attestations. Chaque changement est inscrit au journal d’audit.
admin-lead-office = Vous gérez les comptes des agents et superviseurs de votre bureau. Chaque changement est inscrit au journal d’audit.
admin-not-admin = Seuls les administrateurs gèrent les comptes et les clés.
admin-accounts = Comptes du personnel
admin-state-active = Actif
admin-state-suspended = Suspendu
admin-state-ended = Clôturé
admin-all-offices = Tous les bureaux
admin-created = Créé :
admin-last-sign-in = Dernière connexion :
admin-never-signed-in = jamais
admin-passkeys = Clés d’accès : { $count }
admin-no-passkey = Pas encore de clé d’accès : l’invitation n’a pas été utilisée.
admin-passkey-added = ajoutée
admin-passkey-used = dernière utilisation
admin-own = C’est votre propre compte : un autre administrateur le modifie.
admin-suspend = Suspendre
admin-reinstate = Réactiver
admin-invite = Nouvelle invitation
admin-lost-phone = Le téléphone a été perdu : supprimer ses clés d’accès maintenant
admin-invite-send = Envoyer l’invitation
admin-end = Clôturer ce compte
admin-end-explain = La clôture le déconnecte partout, supprime ses clés d’accès et ne peut pas être annulée. Ce qu’il a fait reste au journal d’audit.
admin-end-confirm = Clôturer le compte
admin-new = Ajouter un membre du personnel
admin-email = Adresse e-mail professionnelle
admin-name = Nom affiché aux collègues
admin-roles = Rôles
admin-office = Bureau
admin-invite-note = L’invitation part par e-mail à cette adresse et reste valable { $days } jours. Vous ne voyez ni son lien ni son code.
admin-create = Ajouter et envoyer l’invitation
admin-tokens = Jetons d’API des systèmes partenaires
admin-tokens-lead = Un nouveau jeton se crée sur le serveur avec portal api-token create : il n’est montré qu’une fois, à la personne qui l’a créé.
admin-tokens-none = Aucun jeton d’API pour l’instant.
admin-scope-issue = délivrer des attestations
admin-scope-status = changer le statut des attestations
admin-token-scopes = Peut :
admin-token-types = Types d’attestation :
admin-token-used = dernière utilisation
admin-token-never-used = jamais
admin-token-revoked-on = Révoqué
admin-revoke = Révoquer
admin-revoke-explain = Le système partenaire ne pourra plus utiliser ce jeton, dès maintenant. C’est définitif.
admin-revoke-confirm = Révoquer le jeton
admin-keys = Clés de signature
admin-key-signs = Signe les nouvelles attestations.
admin-key-verifies = Ne signe plus ; ce qu’elle a signé reste vérifiable.
admin-key-retired = Retirée : ce qu’elle a signé n’est plus vérifiable (les personnes obtiennent à nouveau leurs attestations).
admin-key-retired-on = retirée
admin-rotate = Nouvelle clé de signature
admin-rotate-explain = Une nouvelle clé signe les attestations dès maintenant. Les attestations signées avant restent vérifiables.
admin-rotate-confirm = Créer la nouvelle clé
admin-done-created = Le compte a été créé et son invitation envoyée.
admin-done-invited = Une nouvelle invitation a été envoyée ; les précédentes ne fonctionnent plus.
admin-done-suspended = Le compte est suspendu et déconnecté partout.
admin-done-active = Le compte est de nouveau actif.
admin-done-ended = Le compte est clôturé.
admin-done-token-revoked = Le jeton d’API est révoqué.
admin-done-key-rotated = Une nouvelle clé signe les attestations dès maintenant.
admin-done-sent-back = Renvoyé : ce sera réessayé dans un instant.
admin-failed = Travaux en arrière-plan en échec
admin-failed-lead = Ces travaux se sont arrêtés après leur dernière tentative. Corrigez d’abord la cause (réglages de messagerie, passerelle SMS, base de données), puis réessayez-les.
admin-failed-none = Rien n’a échoué : les e-mails, les SMS et les contrôles de nuit fonctionnent.
admin-failed-mail = E-mail à une personne
admin-failed-sms = SMS à une personne
admin-failed-quality = Contrôles de qualité des données de nuit
admin-failed-run = Travail planifié
admin-failed-attempts = Tentatives : { $count }
admin-failed-since = prévu depuis le
admin-failed-refused = Le serveur l'a refusé définitivement (réponse { $code }).
admin-failed-deferred = Le serveur a demandé de réessayer plus tard (réponse { $code }).
admin-failed-timeout = Le serveur n'a pas répondu à temps.
admin-failed-tls = La connexion sécurisée au serveur a échoué.
admin-failed-unreachable = Le serveur n'a pas pu être joint.
admin-failed-number = Le numéro de téléphone n'est pas au format international.
admin-failed-setup = Le courriel ou les SMS ne sont pas configurés correctement.
admin-failed-unknown = L'envoi a échoué pour une raison que le portail n'a pas pu nommer.
admin-send-back = Réessayer
admin-mail-failed = L’invitation est valable, mais l’e-mail n’a pas pu être envoyé. Vérifiez les réglages de messagerie, puis envoyez une nouvelle invitation.
admin-problem-form = Vérifiez l’e-mail et le nom, et choisissez au moins un rôle.
admin-problem-own = Vous ne pouvez pas modifier votre propre compte. Un autre administrateur le peut.
admin-problem-ended = Ce compte est clôturé. Créez-en un nouveau si la personne revient.
admin-problem-suspended = Réactivez le compte avant de lui envoyer une invitation.
admin-problem-stale = Quelqu’un l’a modifié entre-temps. La page le montre maintenant tel qu’il est.
admin-problem-exists = Un compte du personnel avec cet e-mail existe déjà.
admin-problem-not-found = Ce compte ou ce jeton ne fait pas partie de ceux que vous gérez.
admin-problem-refused = Votre rôle ne le permet pas.
admin-problem-unavailable = Ce n’est pas possible pour le moment. Veuillez réessayer dans un instant.

## Sharing only some details of a credential (SD-JWT VC)
credentials-share-title = Ne montrer que certains détails
credentials-share-intro = Une banque doit savoir que vous êtes enregistré et majeur, pas votre date de naissance. Choisissez ce que ce code QR montre ; rien d'autre ne peut y être lu.
credentials-share-preset-clinic = Pour une clinique : nom, date de naissance, numéro, contrôle de photo
credentials-share-preset-bank = Pour une banque : nom, 18 ans ou plus, numéro, statut, contrôle de photo
credentials-share-preset-school = Pour une école : nom, date de naissance, statut
credentials-share-preset-custom = Je choisis :
credentials-share-make = Créer le code QR
credentials-share-shows = Ce code QR ne montre que :
credentials-share-text = La même chose, en texte (pour une application de portefeuille ou un message)
credentials-share-failed = Ce code QR n'a pas pu être créé. Choisissez au moins un détail et réessayez.
claim-name = Nom
claim-name-original-script = Nom dans son écriture d'origine
claim-birthdate = Date de naissance
claim-age-over-18 = 18 ans ou plus
claim-age-over-65 = 65 ans ou plus
claim-registration-number = Numéro d'enregistrement
claim-registration-status = Statut d'enregistrement
claim-issuing-office = Bureau
claim-photo-digest = Contrôle de photo (la photo elle-même n'est pas dans le code)
claim-household-id = Numéro du ménage
claim-members = Membres du ménage
verify-yes = Oui
verify-no = Non
verify-selective = Le titulaire a choisi de ne montrer que ces détails.
verify-compare-name-only = Cette preuve ne montre ni photo ni date de naissance : comparez le nom avec la pièce d'identité de la personne.

# Applications portefeuille (OpenID4VCI)
wallet-tx-code-hint = Le code affiché sur la page du portail
wallet-title = Ajouter à une application portefeuille
wallet-intro = Gardez aussi cette attestation dans une application portefeuille sur votre téléphone. Le portail affiche un code QR pour l'application et un code à y saisir.
wallet-make = Créer un code QR pour mon application portefeuille
wallet-made-title = Scannez ceci avec votre application portefeuille
wallet-open = Ouvrir dans l'application portefeuille de ce téléphone
wallet-code-label = Puis saisissez ce code dans l'application portefeuille
wallet-code-tip = Saisissez ce code uniquement dans votre propre application portefeuille. Le personnel ne vous le demandera jamais.
wallet-expires = Cette offre ne sert qu'une fois, jusqu'à { $time }.
wallet-redeemed = Votre application portefeuille a reçu cette attestation.
wallet-ended = Cette offre est terminée. Créez un nouveau code QR si vous en avez encore besoin.
wallet-locked = Le code a été mal saisi trop de fois, cette offre est donc terminée. Créez un nouveau code QR.
access-by-you = vous
access-action-credential-present = A montré certains détails d'une attestation
access-action-credential-offer = A créé un code QR pour une application portefeuille
access-action-credential-wallet-issue = Une application portefeuille a reçu une attestation
case-action-credential-present = La personne a montré certains détails d'une attestation
case-action-credential-offer = La personne a créé une offre pour une application portefeuille
case-action-credential-wallet-issue = Une application portefeuille a reçu une attestation

# Demander une preuve à une application portefeuille (OpenID4VP), sur /verify
verify-ask-title = Demander une preuve à une application portefeuille
verify-ask-intro = Si la personne garde sa preuve dans une application portefeuille, ne demandez que ce dont vous avez besoin. Son application lui montre ce que vous demandez, et elle choisit de le partager ou non.
verify-ask-need = Que devez-vous savoir ?
verify-ask-make = Afficher la demande en code QR
verify-ask-problem = Cochez au moins un détail.
verify-ask-wait-title = Faites scanner ce code par l'application portefeuille de la personne
verify-ask-asked = Vous avez demandé :
verify-ask-open = Ouvrir dans une application portefeuille sur ce téléphone
verify-ask-waiting = En attente de l'application portefeuille. La réponse s'affiche ici d'elle-même.
verify-ask-expires = La demande peut recevoir une réponse pendant encore { $minutes } minutes.
verify-ask-check = Afficher la réponse
verify-ask-expired = Personne n'a répondu à cette demande à temps.
verify-ask-again = Demander à nouveau
verify-ask-not-shown = L'application portefeuille n'a pas montré tout ce que vous avez demandé. Manque : { $claims }.
verify-ask-unknown = Cette demande n'est pas connue ici. Demandez à nouveau.
verify-reason-declined = La personne a refusé dans son application portefeuille. Rien n'a été montré.
