// Texts in Swedish (the default) and English, and the formats for SEK, numbers and dates.
// Numbers are always formatted the Swedish way (sv-SE), whatever the language of the texts.

const LANGUAGE_KEY = 'korrekt.language';
const LANGUAGES = ['sv', 'en'];

const TEXTS = {
  sv: {
    'app.sub': 'kontroll',
    'app.title': 'korrekt – kontroll',
    'skip': 'Hoppa till innehållet',
    'nav.label': 'Huvudmeny',
    'nav.queue': 'Kö',
    'nav.lead': 'Uppföljning',
    'nav.units': 'Byt enhet',
    'language.toggle': 'English',
    'language.toggleLabel': 'Switch to English',
    'logout': 'Logga ut',
    'help.button': 'Kortkommandon',
    'help.title': 'Kortkommandon',
    'help.close': 'Stäng',
    'help.j': 'Nästa ärende i listan',
    'help.k': 'Föregående ärende i listan',
    'help.enter': 'Öppna det markerade ärendet',
    'help.c': 'Hämta nästa ärende (i kön)',
    'help.q': 'Gå till kön',
    'help.question': 'Visa den här hjälpen',
    'help.escape': 'Stäng hjälpen',
    'help.note': 'Kortkommandona gäller inte när du skriver i ett fält. Tab och Skift+Tab flyttar mellan alla knappar och fält.',
    'help.shortcutsSetting': 'Använd kortkommandon med en tangent (j, k, c, q, ?). Stäng av dem om de krockar med ditt hjälpmedel.',
    'signedInAs': 'Inloggad som {subject}',
    'loading': 'Hämtar …',
    'none': '–',
    'yes': 'Ja',
    'no': 'Nej',

    'login.title': 'Logga in',
    'login.intro': 'Klistra in din token (JWT). Token sparas bara i den här fliken och försvinner när du stänger den. Du får en token av din administratör eller med kommandot:',
    'login.token': 'Token (JWT)',
    'login.submit': 'Logga in',
    'login.empty': 'Klistra in en token först.',
    'login.malformed': 'Det där ser inte ut som en JWT (tre delar åtskilda av punkter).',
    'login.refused': 'Tjänsten godtog inte token.',
    'login.expired': 'Du har loggats ut: tjänsten godtar inte längre din token. Logga in igen; det du skrev finns kvar.',
    'login.loggedOut': 'Du är utloggad.',
    'login.expiresSoon': 'Din inloggning upphör {time}. Spara det du skriver och logga sedan in igen med en ny token; osparade utkast finns kvar i den här fliken.',
    'login.expiredAt': 'Din inloggning upphörde {time}. Logga in igen med en ny token; osparade utkast finns kvar i den här fliken.',
    'draft.restored': 'Ditt osparade utkast har återställts.',
    'login.who': 'Du är inloggad som {subject}.',
    'login.roles': 'Roller',
    'login.subject': 'Användare',
    'login.expires': 'Token giltig till',
    'login.pickUnit': 'Välj kontrollenhet',
    'login.noUnits': 'Din token ger inte tillgång till någon kontrollenhet.',

    'unit.tfp': 'Tillfällig föräldrapenning (VAB)',
    'unit.fp': 'Föräldrapenning',
    'unit.sp': 'Sjukpenning',
    'unit.bob': 'Bostadsbidrag',
    'unit.uhs': 'Underhållsstöd',
    'unit.as': 'Aktivitetsstöd',
    'unit.ass': 'Assistansersättning',
    'unit.bb': 'Barnbidrag',
    'unit.se': 'Sjukersättning',
    'unit.ae': 'Aktivitetsersättning',
    'unit.ob': 'Omvårdnadsbidrag',

    'role.investigator': 'utredare',
    'role.lead': 'gruppledare',
    'role.admin': 'administratör',
    'role.selfservice': 'självbetjäning',
    'role.datascientist': 'dataanalytiker',
    'role.feed': 'registerflöde',
    'role.auditor': 'granskare',

    'queue.title': 'Kö: {unit}',
    'queue.count': '{count} av {total} öppna ärenden visas',
    'queue.more': 'Visa {count} till',
    'queue.shownOf': '{shown} av {total} visas.',
    'queue.noneShown': '{count} ärenden, inga visas än: visa fler nedan.',
    'queue.listLimit': 'Listan visar högst {count} ärenden.',
    'queue.claim': 'Hämta nästa ärende',
    'queue.claimHint': 'Kortkommando: c',
    'queue.claimNone': 'Inget ärende är släppt att hämta just nu.',
    'queue.readOnly': 'Du läser kön utan att arbeta i den: ärenden hämtas av enhetens utredare.',
    'queue.claimed': 'Du har hämtat ärende {caseId}.',
    'queue.mine': 'Mina ärenden',
    'queue.mineEmpty': 'Du har inga hämtade ärenden i den här enheten.',
    'queue.released': 'Släppta för idag',
    'queue.releasedEmpty': 'Inga ärenden är släppta för idag.',
    'queue.backlog': 'Eftersläpning (ej släppta)',
    'queue.backlogEmpty': 'Inga ärenden väntar.',
    'queue.keys': 'Flytta med j och k, öppna med Enter, hämta nästa med c, ? visar alla kortkommandon.',
    'queue.keysRead': 'Flytta med j och k, öppna med Enter, ? visar alla kortkommandon.',
    'queue.releasedOn': 'Släppt {date}',
    'queue.backlogTag': 'Väntar',
    'queue.today': 'Idag',

    'col.rank': 'Rang',
    'col.case': 'Ärende',
    'col.score': 'Poäng',
    'col.amount': 'Belopp',
    'col.expectedValue': 'Förväntat värde',
    'col.reasons': 'Främsta skäl',
    'col.age': 'Ålder (dagar)',
    'col.due': 'Betalning hålls till',
    'col.selection': 'Urval',
    'col.state': 'Läge',
    'col.claimedAt': 'Hämtad',
    'col.assignee': 'Handläggare',
    'col.status': 'Status',

    'random.short': 'Slumpmässig kontroll',
    'random.model': 'Modellens urval',
    'random.explain': 'Ärendet valdes ut slumpmässigt, oberoende av poängen. Slumpurvalet visar hur ofta utbetalningar är felaktiga bland alla ansökningar och om modellen missar något. Utred det lika noga som andra ärenden; ett fynd eller ett icke-fynd är lika värdefullt.',

    'case.title': 'Ärende {caseId}',
    'case.back': 'Tillbaka till kön',
    'case.summary': 'Beslutet i korthet',
    'case.explain.action': 'Ansökan {applicationId} gäller {benefit} och {amount}. Den fick poängen {score}, riskbandet {band} och åtgärden {action}.',
    'case.explain.score': 'Poängen, från 0 till 1, är modellens bedömning av risken att utbetalningen är felaktig.',
    'meaning.PASS': 'Ansökan kunde handläggas som vanligt.',
    'meaning.EXTRA_QUESTIONS': 'Sökanden fick svara på extra kontrollfrågor innan ansökan handlades vidare.',
    'meaning.MANUAL_CHECK': 'Ansökan ska kontrolleras manuellt innan beslut fattas.',
    'meaning.HOLD_PAYMENT': 'Utbetalningen hålls inne tills kontrollenheten har granskat ärendet.',
    'case.explain.expected': 'Förväntat felaktigt belopp: {expected}. Förväntat värde av en utredning, med framtida utbetalningar: {value}.',
    'case.explain.future': 'Framtida utbetalningar som ett stopp skulle förhindra: {future}.',
    'case.explain.signals': 'Ärendet har {signals} signaler (beslut) kopplade.',
    'case.explain.due': 'Utbetalningen hålls inne till {due}.',
    'case.status': 'Status',
    'case.assignee': 'Handläggare',
    'case.person': 'Person (pseudonym)',
    'case.created': 'Öppnat',
    'case.submittedOn': 'Ansökan inkom',
    'case.periodStart': 'Perioden börjar',
    'case.claimedDays': 'Begärda dagar',
    'case.periodDays': 'från {start}, {days} d',
    'case.labelled': 'märks av utfallet',
    'case.labelledTitle': 'Ansökan som öppnade ärendet: utfallet blir dess etikett när modellen tränas om.',
    'case.claimedAt': 'Hämtat',
    'case.closedAt': 'Stängt',
    'case.reasons': 'Skäl till poängen',
    'case.reasonsIntro': 'Först reglerna som slog till, som kan höja åtgärden oavsett poängen. Sedan uppgifterna i ansökan och hur mycket var och en höjde (eller sänkte) risken, i log-odds.',
    'case.ruleHit': 'regel',
    'case.ruleHitTitle': 'En regel som slog till. Den räknas inte in i poängen: en regel med hög vikt ger minst manuell kontroll, en med medelhög minst extra frågor, en med låg ingenting på egen hand.',
    'case.reasonsEmpty': 'Beslutet har inga skäl.',
    'case.reason': 'Skäl',
    'case.feature': 'Uppgift',
    'case.value': 'Värde',
    'case.contribution': 'Bidrag',
    'case.questions': 'Frågor som ställdes till sökanden',
    'case.questionsNone': 'Inga extra frågor ställdes.',
    'case.model': 'Modell och policy',
    'case.modelVersion': 'Modellversion',
    'case.profile': 'Profil',
    'case.policy': 'Policy',
    'case.rules': 'Regler',
    'case.thresholds': 'Tröskelvärden',
    'case.thresholdsText': 'extra frågor {q}, manuell kontroll {m}, håll betalning {h}, slumpurval {r}, minsta belopp {min}',
    'case.decidedAt': 'Beslutat',
    'case.decisionId': 'Besluts-id',
    'case.fingerprint': 'Schema',
    'case.signals': 'Signaler (beslut kopplade till ärendet)',
    'case.history': 'Personens historik',
    'case.historyDecisions': 'Tidigare beslut',
    'case.historyCases': 'Tidigare ärenden',
    'case.historyNone': 'Inget tidigare.',
    'case.notes': 'Anteckningar',
    'case.notesNone': 'Inga anteckningar än.',
    'case.noteLabel': 'Ny anteckning',
    'case.noteAdd': 'Spara anteckning',
    'case.noteEmpty': 'Skriv något först.',
    'case.noteTooLong': 'En anteckning får vara högst 10 000 tecken; den här har {count}. Korta den eller dela upp den på flera anteckningar.',
    'case.noteCount': '{count} av högst {max} tecken',
    'case.noteSaved': 'Anteckningen sparades.',
    'case.changedMeanwhile': 'Ändringen gick inte igenom. Ärendet har laddats om och visar hur det ser ut nu; det du skrev finns kvar.',
    'case.audit': 'Händelselogg',
    'case.auditAt': 'Tid',
    'case.auditActor': 'Vem',
    'case.auditAction': 'Händelse',
    'case.auditDetail': 'Detaljer',
    'case.work': 'Arbeta med ärendet',
    'case.release': 'Lämna tillbaka ärendet',
    'case.released': 'Ärendet lämnades tillbaka till kön.',
    'case.notClaimed': 'Ärendet är inte hämtat. Hämta det från kön för att registrera ett utfall.',
    'case.readOnly': 'Du läser ärendet utan att kunna ändra det: anteckningar och utfall skrivs av enhetens utredare.',
    'case.claimedByOther': 'Ärendet är hämtat av {assignee}.',
    'case.closedNote': 'Ärendet är stängt.',
    'case.outcome': 'Utfall',
    'case.outcomeRecorded': 'Registrerat av {by} {at}.',
    'case.outcomeCorrected': 'Rättat av {by} {at}: {reason} Utfallet ovan är det rättade; det registrerade står i händelseloggen.',
    'case.outcomeSaved': 'Utfallet registrerades och ärendet stängdes.',
    'correction.open': 'Rätta utfallet',
    'correction.title': 'Rätta utfallet',
    'correction.intro': 'För ett skrivfel eller ett beslut som ändrats efter överklagande: ange utfallet som det ska vara, och varför. Det registrerade utfallet står kvar i händelseloggen, och det rättade blir etiketten när modellen tränas om.',
    'correction.reason': 'Varför utfallet rättas',
    'correction.reasonHint': 'Högst 2 000 tecken. Sparas för alltid i händelseloggen: skriv inget personnummer.',
    'correction.submit': 'Spara rättelsen',
    'correction.saved': 'Utfallet rättades.',
    'correction.err.reason': 'Ange varför utfallet rättas (1 till 2 000 tecken).',
    'col.date': 'Datum',
    'col.benefit': 'Förmån',
    'col.action': 'Åtgärd',
    'col.incorrect': 'Felaktig',
    'col.decision': 'Beslut',
    'col.application': 'Ansökan',
    'col.period': 'Period',

    'outcome.title': 'Registrera utfall',
    'outcome.labels': 'Utfallet gäller ansökan {applicationId} ({amount}) och blir dess etikett när modellen tränas om.',
    'outcome.labelsOfSeveral': 'Utfallet blir etikett för ansökan {applicationId} ({amount}), den som öppnade ärendet, när modellen tränas om. Det felaktiga beloppet är det som ärendets ansökningar tillsammans betalade eller skulle ha betalat fel.',
    'outcome.incorrect': 'Var utbetalningen felaktig?',
    'outcome.incorrectYes': 'Ja, felaktig',
    'outcome.incorrectNo': 'Nej, korrekt',
    'outcome.amount': 'Felaktigt belopp (kr)',
    'outcome.prevented': 'Förhindrade framtida utbetalningar (kr)',
    'outcome.amountHint': 'Hela kronor eller med ören, till exempel 5120 eller 5 120,50.',
    'outcome.cause': 'Orsak',
    'outcome.intentional': 'Misstänkt uppsåt',
    'outcome.actions': 'Åtgärder',
    'outcome.police': 'Polisanmälan gjord',
    'outcome.submit': 'Registrera utfall och stäng ärendet',
    'outcome.errors': 'Rätta följande:',
    'outcome.serverRefusedTitle': 'Tjänsten tog inte emot utfallet:',
    'outcome.err.incorrect': 'Välj om utbetalningen var felaktig.',
    'outcome.err.amount': 'Ange ett belopp från 0 till 10 000 000 kr.',
    'outcome.err.amountZero': 'Beloppet ska vara 0 när utbetalningen var korrekt.',
    'outcome.err.cause': 'Välj en orsak när utbetalningen var felaktig.',
    'outcome.err.police': 'Polisanmälan kräver misstänkt uppsåt.',
    'outcome.err.correctExtras': 'En korrekt utbetalning har ingen orsak, inget uppsåt, inga åtgärder och ingen polisanmälan.',
    'cause.CLAIMANT': 'Sökanden',
    'cause.AGENCY': 'Myndigheten',
    'cause.OTHER': 'Annat',
    'act.REFUSAL': 'Avslag',
    'act.REDUCTION': 'Minskning',
    'act.STOP': 'Stopp av utbetalning',
    'act.RECOVERY_CLAIM': 'Återkrav',

    'action.PASS': 'godkänn',
    'action.EXTRA_QUESTIONS': 'extra frågor',
    'action.MANUAL_CHECK': 'manuell kontroll',
    'action.HOLD_PAYMENT': 'håll inne betalningen',
    'band.LOW': 'låg',
    'band.ELEVATED': 'förhöjd',
    'band.HIGH': 'hög',
    'band.VERY_HIGH': 'mycket hög',
    'status.OPEN': 'Öppet',
    'status.CLAIMED': 'Hämtat',
    'status.CLOSED': 'Stängt',
    'audit.OPENED': 'Öppnat',
    'audit.SIGNAL_ATTACHED': 'Signal kopplad',
    'audit.QUEUED_FOR_DAY': 'Släppt för dagen',
    'audit.CLAIMED': 'Hämtat',
    'audit.RELEASED': 'Lämnat tillbaka',
    'audit.ASSIGNED': 'Tilldelat',
    'audit.REASSIGNED': 'Omfördelat',
    'audit.UPDATED': 'Ändrat',
    'audit.NOTE_ADDED': 'Anteckning',
    'audit.OUTCOME_RECORDED': 'Utfall registrerat',
    'audit.OUTCOME_CORRECTED': 'Utfall rättat',
    'audit.CLOSED': 'Stängt',

    'lead.title': 'Uppföljning: {unit}',
    'lead.notLead': 'Kapaciteten och omfördelningen av ärenden sköts av gruppledaren för {unit}.',
    'lead.capacity': 'Kapacitet',
    'lead.capacityLabel': 'Ärenden som släpps per dag',
    'lead.capacitySave': 'Spara kapacitet',
    'lead.capacitySaved': 'Kapaciteten är nu {n} ärenden per dag. Den gäller från i morgon, och i dag när alla släppta ärenden är hämtade.',
    'lead.capacityInvalid': 'Ange ett heltal från 0 till 100 000.',
    'lead.capacityValue': '{n} ärenden per dag',
    'lead.today': 'Idag ({date})',
    'lead.open': 'Öppna ärenden',
    'lead.released': 'Släppta',
    'lead.claimed': 'Hämtade',
    'lead.closed': 'Stängda',
    'lead.backlog': 'Eftersläpning',
    'lead.weeks': 'Utfall per vecka',
    'lead.weeksIntro': 'Träffsäkerhet (andel utredningar som fann fel) och funna kronor per utredning, för modellens urval och för det slumpmässiga kontrollurvalet.',
    'lead.week': 'Vecka',
    'lead.from': 'Från',
    'lead.investigations': 'Utredningar',
    'lead.incorrectCount': 'Felaktiga',
    'lead.hitRate': 'Träffsäkerhet',
    'lead.sekPerInvestigation': 'Kr per utredning',
    'lead.total': 'Totalt',
    'lead.modelSelected': 'Modellens urval',
    'lead.randomControl': 'Slumpmässig kontroll',
    'lead.claimedCases': 'Hämtade ärenden',
    'lead.claimedNone': 'Inga ärenden är hämtade.',
    'lead.reassignTo': 'Ny handläggare för ärende {caseId}',
    'lead.reassign': 'Omfördela',
    'lead.reassignCase': 'Omfördela ärende {caseId}',
    'lead.reassignEmpty': 'Ange vem ärendet ska till.',
    'lead.reassigned': 'Ärende {caseId} är nu hos {assignee}.',
    'lead.closedCases': 'Stängda ärenden',
    'lead.closedIntro': 'Senast stängda först, med utfallet som det gäller nu: ett rättat utfall visas rättat.',
    'lead.closedNone': 'Inga ärenden är stängda.',
    'lead.closedMore': 'Visa fler stängda ärenden',
    'lead.closedAt': 'Stängt',
    'lead.recordedBy': 'Utrett av',
    'lead.finding': 'Utfall',
    'lead.incorrectSek': 'Felaktigt belopp',
    'lead.findingIncorrect': 'Felaktig',
    'lead.findingCorrect': 'Korrekt',
    'lead.correctedBy': 'rättat av {name}',

    'error.network': 'Tjänsten svarar inte. Kontrollera anslutningen och försök igen.',
    'error.unexpected': 'Ett oväntat fel inträffade i sidan.',
    'error.identityNumber': 'Texten innehåller ett personnummer. Anteckningar sparas för alltid i ärendets logg: hänvisa till personen genom ärendet, inte med personnumret.',
    'error.invalid': 'Tjänsten godtog inte ett av värdena.',
    'error.rateLimited': 'Tjänsten har för många förfrågningar just nu. Vänta en stund och försök igen.',
    'error.unavailable': 'Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.',
    'error.unauthenticated': 'Tjänsten godtar inte din inloggning.',
    'error.forbiddenAction': 'Du har inte behörighet att göra det här.',
    'error.notFoundThing': 'Det finns inte, eller ligger utanför dina kontrollenheter.',
    'error.conflict': 'Ärendet har ändrats under tiden (till exempel stängts, lämnats tillbaka eller fördelats om).',
    'error.other': 'Något gick fel (felkod {code}).',
    'error.serviceSaid': 'Tjänstens svar:',
    'error.forbidden': 'Du har inte behörighet: {message}',
    'error.notFound': 'Hittades inte: {message}',
    'error.generic': 'Något gick fel ({code}): {message}',
    'error.title': 'Något gick fel',
  },
  en: {
    'app.sub': 'control',
    'app.title': 'korrekt – control',
    'skip': 'Skip to content',
    'nav.label': 'Main menu',
    'nav.queue': 'Queue',
    'nav.lead': 'Figures',
    'nav.units': 'Change unit',
    'language.toggle': 'Svenska',
    'language.toggleLabel': 'Byt till svenska',
    'logout': 'Log out',
    'help.button': 'Keyboard shortcuts',
    'help.title': 'Keyboard shortcuts',
    'help.close': 'Close',
    'help.j': 'Next case in the list',
    'help.k': 'Previous case in the list',
    'help.enter': 'Open the selected case',
    'help.c': 'Claim the next case (in the queue)',
    'help.q': 'Go to the queue',
    'help.question': 'Show this help',
    'help.escape': 'Close the help',
    'help.note': 'Shortcuts do not apply while you type in a field. Tab and Shift+Tab move between every button and field.',
    'help.shortcutsSetting': 'Use single-key shortcuts (j, k, c, q, ?). Turn them off if they clash with your assistive technology.',
    'signedInAs': 'Signed in as {subject}',
    'loading': 'Loading …',
    'none': '–',
    'yes': 'Yes',
    'no': 'No',

    'login.title': 'Log in',
    'login.intro': 'Paste your token (JWT). It is kept in this tab only and is gone when you close it. You get a token from your administrator or with the command:',
    'login.token': 'Token (JWT)',
    'login.submit': 'Log in',
    'login.empty': 'Paste a token first.',
    'login.malformed': 'That does not look like a JWT (three parts separated by dots).',
    'login.refused': 'The service refused the token.',
    'login.expired': 'You have been logged out: the service no longer accepts your token. Please log in again; what you wrote is kept.',
    'login.loggedOut': 'You are logged out.',
    'login.expiresSoon': 'Your login expires {time}. Save what you are writing, then log in again with a new token; unsaved drafts are kept in this tab.',
    'login.expiredAt': 'Your login expired {time}. Log in again with a new token; unsaved drafts are kept in this tab.',
    'draft.restored': 'Your unsaved draft has been restored.',
    'login.who': 'You are signed in as {subject}.',
    'login.roles': 'Roles',
    'login.subject': 'User',
    'login.expires': 'Token valid until',
    'login.pickUnit': 'Choose a control unit',
    'login.noUnits': 'Your token gives access to no control unit.',

    'unit.tfp': 'Temporary parental benefit (VAB)',
    'unit.fp': 'Parental benefit',
    'unit.sp': 'Sickness benefit',
    'unit.bob': 'Housing allowance',
    'unit.uhs': 'Maintenance support',
    'unit.as': 'Activity support',
    'unit.ass': 'Assistance allowance',
    'unit.bb': 'Child allowance',
    'unit.se': 'Sickness compensation',
    'unit.ae': 'Activity compensation',
    'unit.ob': 'Care allowance',

    'role.investigator': 'investigator',
    'role.lead': 'lead',
    'role.admin': 'administrator',
    'role.selfservice': 'self-service',
    'role.datascientist': 'data scientist',
    'role.feed': 'register feed',
    'role.auditor': 'auditor',

    'queue.title': 'Queue: {unit}',
    'queue.count': '{count} of {total} open cases shown',
    'queue.more': 'Show {count} more',
    'queue.shownOf': '{shown} of {total} shown.',
    'queue.noneShown': '{count} cases, none shown yet: show more below.',
    'queue.listLimit': 'The list shows at most {count} cases.',
    'queue.claim': 'Claim next case',
    'queue.claimHint': 'Shortcut: c',
    'queue.claimNone': 'No case is released to claim right now.',
    'queue.readOnly': 'You read this queue without working it: the unit\'s investigators claim its cases.',
    'queue.claimed': 'You claimed case {caseId}.',
    'queue.mine': 'My cases',
    'queue.mineEmpty': 'You have no claimed cases in this unit.',
    'queue.released': 'Released for today',
    'queue.releasedEmpty': 'No cases are released for today.',
    'queue.backlog': 'Backlog (not released)',
    'queue.backlogEmpty': 'No cases are waiting.',
    'queue.keys': 'Move with j and k, open with Enter, claim the next case with c, ? shows every shortcut.',
    'queue.keysRead': 'Move with j and k, open with Enter, ? shows every shortcut.',
    'queue.releasedOn': 'Released {date}',
    'queue.backlogTag': 'Waiting',
    'queue.today': 'Today',

    'col.rank': 'Rank',
    'col.case': 'Case',
    'col.score': 'Score',
    'col.amount': 'Amount',
    'col.expectedValue': 'Expected value',
    'col.reasons': 'Top reasons',
    'col.age': 'Age (days)',
    'col.due': 'Payment held until',
    'col.selection': 'Selection',
    'col.state': 'State',
    'col.claimedAt': 'Claimed',
    'col.assignee': 'Assignee',
    'col.status': 'Status',

    'random.short': 'Random control',
    'random.model': 'Model selected',
    'random.explain': 'This case was drawn at random, regardless of its score. The random sample shows how often payments are incorrect across all applications and whether the model misses anything. Investigate it as thoroughly as any other case; finding nothing is as valuable as finding something.',

    'case.title': 'Case {caseId}',
    'case.back': 'Back to the queue',
    'case.summary': 'The decision in brief',
    'case.explain.action': 'Application {applicationId} concerns {benefit} and {amount}. It scored {score}, in risk band {band}, and the action was {action}.',
    'case.explain.score': 'The score, from 0 to 1, is the model\u2019s estimate of the risk that the payment is incorrect.',
    'meaning.PASS': 'The application could be handled as usual.',
    'meaning.EXTRA_QUESTIONS': 'The claimant was asked extra control questions before the application went on.',
    'meaning.MANUAL_CHECK': 'The application is to be checked by hand before a decision is made.',
    'meaning.HOLD_PAYMENT': 'The payment is held until the control unit has looked at the case.',
    'case.explain.expected': 'Expected incorrect amount: {expected}. Expected value of an investigation, future payments included: {value}.',
    'case.explain.future': 'Future payments a stop would prevent: {future}.',
    'case.explain.signals': 'The case has {signals} signals (decisions) attached.',
    'case.explain.due': 'The payment is held until {due}.',
    'case.status': 'Status',
    'case.assignee': 'Assignee',
    'case.person': 'Person (pseudonym)',
    'case.created': 'Opened',
    'case.submittedOn': 'Application received',
    'case.periodStart': 'Period starts',
    'case.claimedDays': 'Days claimed',
    'case.periodDays': 'from {start}, {days} d',
    'case.labelled': 'labelled by the outcome',
    'case.labelledTitle': 'The application that opened the case: the outcome becomes its label when the model is retrained.',
    'case.claimedAt': 'Claimed',
    'case.closedAt': 'Closed',
    'case.reasons': 'Reasons for the score',
    'case.reasonsIntro': 'First the rules that hit, which can raise the action whatever the score. Then the facts of the application and how much each raised (or lowered) the risk, in log-odds.',
    'case.ruleHit': 'rule',
    'case.ruleHitTitle': 'A rule that hit. It is not part of the score: a high-severity rule gives at least a manual check, a medium one at least extra questions, a low one nothing on its own.',
    'case.reasonsEmpty': 'The decision has no reasons.',
    'case.reason': 'Reason',
    'case.feature': 'Feature',
    'case.value': 'Value',
    'case.contribution': 'Contribution',
    'case.questions': 'Questions asked of the claimant',
    'case.questionsNone': 'No extra questions were asked.',
    'case.model': 'Model and policy',
    'case.modelVersion': 'Model version',
    'case.profile': 'Profile',
    'case.policy': 'Policy',
    'case.rules': 'Rules',
    'case.thresholds': 'Thresholds',
    'case.thresholdsText': 'extra questions {q}, manual check {m}, hold payment {h}, random control {r}, minimum amount {min}',
    'case.decidedAt': 'Decided',
    'case.decisionId': 'Decision id',
    'case.fingerprint': 'Schema',
    'case.signals': 'Signals (decisions attached to the case)',
    'case.history': 'The person\u2019s history',
    'case.historyDecisions': 'Earlier decisions',
    'case.historyCases': 'Earlier cases',
    'case.historyNone': 'Nothing earlier.',
    'case.notes': 'Notes',
    'case.notesNone': 'No notes yet.',
    'case.noteLabel': 'New note',
    'case.noteAdd': 'Save note',
    'case.noteEmpty': 'Write something first.',
    'case.noteTooLong': 'A note may be at most 10,000 characters; this one has {count}. Shorten it or split it into several notes.',
    'case.noteCount': '{count} of at most {max} characters',
    'case.noteSaved': 'The note was saved.',
    'case.changedMeanwhile': 'The change did not go through. The case has been reloaded and shows how it is now; what you wrote is kept.',
    'case.audit': 'Audit trail',
    'case.auditAt': 'When',
    'case.auditActor': 'Who',
    'case.auditAction': 'Event',
    'case.auditDetail': 'Details',
    'case.work': 'Work the case',
    'case.release': 'Release the case',
    'case.released': 'The case was released back to the queue.',
    'case.notClaimed': 'The case is not claimed. Claim it from the queue to record an outcome.',
    'case.readOnly': 'You read this case without being able to change it: the unit\'s investigators write its notes and outcome.',
    'case.claimedByOther': 'The case is claimed by {assignee}.',
    'case.closedNote': 'The case is closed.',
    'case.outcome': 'Outcome',
    'case.outcomeRecorded': 'Recorded by {by} {at}.',
    'case.outcomeCorrected': 'Corrected by {by} {at}: {reason} The outcome above is the corrected one; the one recorded is in the audit trail.',
    'case.outcomeSaved': 'The outcome was recorded and the case closed.',
    'correction.open': 'Correct the outcome',
    'correction.title': 'Correct the outcome',
    'correction.intro': 'For a typo or a decision changed on appeal: give the outcome as it should be, and why. The recorded outcome stays in the audit trail, and the corrected one becomes the label when the model is retrained.',
    'correction.reason': 'Why the outcome is corrected',
    'correction.reasonHint': 'At most 2,000 characters. Kept for good in the audit trail: write no personal identity number.',
    'correction.submit': 'Save the correction',
    'correction.saved': 'The outcome was corrected.',
    'correction.err.reason': 'Say why the outcome is corrected (1 to 2,000 characters).',
    'col.date': 'Date',
    'col.benefit': 'Benefit',
    'col.action': 'Action',
    'col.incorrect': 'Incorrect',
    'col.decision': 'Decision',
    'col.application': 'Application',
    'col.period': 'Period',

    'outcome.title': 'Record the outcome',
    'outcome.labels': 'The outcome is about application {applicationId} ({amount}) and becomes its label when the model is retrained.',
    'outcome.labelsOfSeveral': 'The outcome becomes the label of application {applicationId} ({amount}), the one that opened the case, when the model is retrained. The incorrect amount is what the case\'s applications together paid, or would have paid, wrongly.',
    'outcome.incorrect': 'Was the payment incorrect?',
    'outcome.incorrectYes': 'Yes, incorrect',
    'outcome.incorrectNo': 'No, correct',
    'outcome.amount': 'Incorrect amount (SEK)',
    'outcome.prevented': 'Prevented future payments (SEK)',
    'outcome.amountHint': 'Whole kronor or with öre, e.g. 5120 or 5 120,50.',
    'outcome.cause': 'Cause',
    'outcome.intentional': 'Intent suspected',
    'outcome.actions': 'Actions',
    'outcome.police': 'Reported to the police',
    'outcome.submit': 'Record the outcome and close the case',
    'outcome.errors': 'Please correct:',
    'outcome.serverRefusedTitle': 'The service did not accept the outcome:',
    'outcome.err.incorrect': 'Choose whether the payment was incorrect.',
    'outcome.err.amount': 'Enter an amount from 0 to 10,000,000 SEK.',
    'outcome.err.amountZero': 'The amount must be 0 when the payment was correct.',
    'outcome.err.cause': 'Choose a cause when the payment was incorrect.',
    'outcome.err.police': 'A police report requires suspected intent.',
    'outcome.err.correctExtras': 'A correct payment has no cause, no suspected intent, no actions and no police report.',
    'cause.CLAIMANT': 'Claimant',
    'cause.AGENCY': 'Agency',
    'cause.OTHER': 'Other',
    'act.REFUSAL': 'Refusal',
    'act.REDUCTION': 'Reduction',
    'act.STOP': 'Payment stopped',
    'act.RECOVERY_CLAIM': 'Recovery claim',

    'action.PASS': 'pass',
    'action.EXTRA_QUESTIONS': 'extra questions',
    'action.MANUAL_CHECK': 'manual check',
    'action.HOLD_PAYMENT': 'hold the payment',
    'band.LOW': 'low',
    'band.ELEVATED': 'elevated',
    'band.HIGH': 'high',
    'band.VERY_HIGH': 'very high',
    'status.OPEN': 'Open',
    'status.CLAIMED': 'Claimed',
    'status.CLOSED': 'Closed',
    'audit.OPENED': 'Opened',
    'audit.SIGNAL_ATTACHED': 'Signal attached',
    'audit.QUEUED_FOR_DAY': 'Released for the day',
    'audit.CLAIMED': 'Claimed',
    'audit.RELEASED': 'Released',
    'audit.ASSIGNED': 'Assigned',
    'audit.REASSIGNED': 'Reassigned',
    'audit.UPDATED': 'Updated',
    'audit.NOTE_ADDED': 'Note',
    'audit.OUTCOME_RECORDED': 'Outcome recorded',
    'audit.OUTCOME_CORRECTED': 'Outcome corrected',
    'audit.CLOSED': 'Closed',

    'lead.title': 'Figures: {unit}',
    'lead.notLead': 'The capacity and the reassignment of cases are up to the lead of {unit}.',
    'lead.capacity': 'Capacity',
    'lead.capacityLabel': 'Cases released per day',
    'lead.capacitySave': 'Save capacity',
    'lead.capacitySaved': 'The capacity is now {n} cases per day. It applies from tomorrow, and today once every released case has been claimed.',
    'lead.capacityInvalid': 'Enter a whole number from 0 to 100,000.',
    'lead.capacityValue': '{n} cases per day',
    'lead.today': 'Today ({date})',
    'lead.open': 'Open cases',
    'lead.released': 'Released',
    'lead.claimed': 'Claimed',
    'lead.closed': 'Closed',
    'lead.backlog': 'Backlog',
    'lead.weeks': 'Outcomes per week',
    'lead.weeksIntro': 'Hit rate (share of investigations that found an error) and SEK found per investigation, for the model\u2019s selection and for the random control sample.',
    'lead.week': 'Week',
    'lead.from': 'From',
    'lead.investigations': 'Investigations',
    'lead.incorrectCount': 'Incorrect',
    'lead.hitRate': 'Hit rate',
    'lead.sekPerInvestigation': 'SEK per investigation',
    'lead.total': 'Total',
    'lead.modelSelected': 'Model selected',
    'lead.randomControl': 'Random control',
    'lead.claimedCases': 'Claimed cases',
    'lead.claimedNone': 'No cases are claimed.',
    'lead.reassignTo': 'New assignee for case {caseId}',
    'lead.reassign': 'Reassign',
    'lead.reassignCase': 'Reassign case {caseId}',
    'lead.reassignEmpty': 'Enter who should take the case.',
    'lead.reassigned': 'Case {caseId} is now with {assignee}.',
    'lead.closedCases': 'Closed cases',
    'lead.closedIntro': 'Most recently closed first, with the outcome as it counts now: a corrected outcome is shown corrected.',
    'lead.closedNone': 'No case is closed.',
    'lead.closedMore': 'Show more closed cases',
    'lead.closedAt': 'Closed',
    'lead.recordedBy': 'Investigated by',
    'lead.finding': 'Outcome',
    'lead.incorrectSek': 'Incorrect amount',
    'lead.findingIncorrect': 'Incorrect',
    'lead.findingCorrect': 'Correct',
    'lead.correctedBy': 'corrected by {name}',

    'error.network': 'The service does not answer. Check the connection and try again.',
    'error.unexpected': 'An unexpected error occurred in the page.',
    'error.identityNumber': 'The text holds a personal identity number. Notes are kept for good in the case\'s audit trail: refer to the person by the case, not by their number.',
    'error.invalid': 'The service did not accept one of the values.',
    'error.rateLimited': 'The service has too many requests right now. Wait a moment and try again.',
    'error.unavailable': 'The service is unavailable for the moment. Try again shortly.',
    'error.unauthenticated': 'The service does not accept your login.',
    'error.forbiddenAction': 'You are not allowed to do this.',
    'error.notFoundThing': 'It does not exist, or is outside your control units.',
    'error.conflict': 'The case has changed meanwhile (closed, released or reassigned, for example).',
    'error.other': 'Something went wrong (error code {code}).',
    'error.serviceSaid': 'The service said:',
    'error.forbidden': 'Not allowed: {message}',
    'error.notFound': 'Not found: {message}',
    'error.generic': 'Something went wrong ({code}): {message}',
    'error.title': 'Something went wrong',
  },
};

let language = readLanguage();

function readLanguage() {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    return LANGUAGES.includes(stored) ? stored : 'sv';
  } catch {
    return 'sv';
  }
}

/** The language of the texts: 'sv' or 'en'. */
export function currentLanguage() {
  return language;
}

/** Switches the language of the texts and remembers it. */
export function setLanguage(value) {
  language = LANGUAGES.includes(value) ? value : 'sv';
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = language;
}

/** The text for key in the current language, with {name} placeholders filled from params. */
export function t(key, params) {
  const text = TEXTS[language][key] ?? TEXTS.sv[key] ?? key;
  if (!params) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The text for key when there is one, else the fallback (e.g. an unknown code shown as it is). */
export function tOr(key, fallback) {
  const text = TEXTS[language][key];
  return text === undefined ? fallback : text;
}

/** A reason's (or question's) text in the current language, falling back to the other and to its code. */
export function reasonText(reason) {
  const text = language === 'en' ? reason.textEn || reason.textSv : reason.textSv || reason.textEn;
  return text || reason.code;
}

const WHOLE_SEK = new Intl.NumberFormat('sv-SE', {
  style: 'currency',
  currency: 'SEK',
  maximumFractionDigits: 0,
});
const SEK_WITH_ORE = new Intl.NumberFormat('sv-SE', {
  style: 'currency',
  currency: 'SEK',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const INTEGER = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const SCORE = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Near 1: from four decimals up to eight, as many as it takes to show a digit below 9. */
const SCORE_FINE = [4, 5, 6, 7, 8].map((digits) => new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 4, maximumFractionDigits: digits }));
const DECIMAL = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 3 });
const SIGNED = new Intl.NumberFormat('sv-SE', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});
const PERCENT = new Intl.NumberFormat('sv-SE', { style: 'percent', maximumFractionDigits: 0 });
const DATE = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short' });
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });

function missing(value) {
  return value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value));
}

/** An amount in SEK: whole kronor, or with öre when it has them ("5 120 kr", "4 249,60 kr"). */
export function sek(value) {
  if (missing(value)) {
    return t('none');
  }
  return Number.isInteger(value) ? WHOLE_SEK.format(value) : SEK_WITH_ORE.format(value);
}

/** An amount in whole SEK, rounded ("4 250 kr"), for lists. */
export function sekRounded(value) {
  return missing(value) ? t('none') : WHOLE_SEK.format(value);
}

export function integer(value) {
  return missing(value) ? t('none') : INTEGER.format(value);
}

/** A score in [0, 1] with two decimals ("0,83"). */
export function score(value) {
  if (missing(value)) {
    return t('none');
  }
  if (value >= 0.995 && value < 1) {
    // would read "1,00": one decimal past the leading nines (four to eight), cut rather than rounded,
    // so that a score is told from a threshold near it ("0,99995" against "0,99999") and never reads
    // higher than it is (the 1e-7 absorbs a double's error in value * step)
    const fixed = /^0\.(9*)/.exec(value.toFixed(10));
    const nines = fixed ? fixed[1].length : 10;
    const digits = Math.min(8, Math.max(4, nines + 1));
    const step = 10 ** digits;
    return SCORE_FINE[digits - 4].format(Math.min(Math.floor(value * step + 1e-7), step - 1) / step);
  }
  return SCORE.format(value);
}

export function decimal(value) {
  return missing(value) ? t('none') : DECIMAL.format(value);
}

/** A contribution to the log-odds, with its sign ("+1,60"). */
export function signed(value) {
  return missing(value) ? t('none') : SIGNED.format(value);
}

/** A share in [0, 1] as a percentage ("60 %"), or a dash when there is none. */
export function percent(value) {
  return missing(value) ? t('none') : PERCENT.format(value);
}

/** An ISO date ("2026-11-22") or instant, as a local date. */
export function date(value) {
  if (!value) {
    return t('none');
  }
  // a bare date is a calendar day, not midnight UTC
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(value + 'T12:00:00') : new Date(value);
  return Number.isNaN(parsed.getTime()) ? String(value) : DATE.format(parsed);
}

/** An ISO instant as local date and time ("2026-11-22 10:00"). */
export function dateTime(value) {
  if (!value) {
    return t('none');
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? String(value) : DATE_TIME.format(parsed);
}

/** A unit's code with its benefit's name: "tfp – Tillfällig föräldrapenning (VAB)". */
export function unitName(unit) {
  const name = tOr('unit.' + unit, null);
  return name ? unit + ' – ' + name : unit;
}
