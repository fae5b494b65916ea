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
staff-people-search-label = Numéro d'enregistrement ou nom
staff-people-search-submit = Rechercher
staff-people-results = { $count } personnes trouvées
staff-people-none = Personne ne correspond à cette recherche.
staff-people-previous = Page précédente
staff-people-next = Page suivante
staff-people-open = Ouvrir le dossier de { $name }
staff-case-title = Dossier
staff-case-household = Ménage
staff-case-born = Né(e) le
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
passkeys-last-one = C'est votre seule clé d'accès. Ajoutez-en d'abord une autre, ou demandez un nouveau reçu au guichet d'enregistrement.
passkeys-confirm = Confirmez avec votre clé d'accès…
me-passkeys-link = Mes clés d'accès
