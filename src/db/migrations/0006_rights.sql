-- Know-your-rights library, hotlines and the leafleting log.
--
-- Articles are public texts the group writes (Markdown, rendered with cmark
-- and raw HTML refused). Each translation carries its own review status;
-- sources and the date the facts were last checked against them belong to
-- the article. Where sources disagree the article says so, and the group's
-- own choice, if it made one, is `guidance` (empty: not chosen yet).
--
-- The first set of articles is written for Sanctuary from the research in
-- the project's domain notes (public know-your-rights pages, cited below).
-- It is not legal advice. English, Spanish and Bengali are drafts until the
-- group marks them reviewed.

CREATE TABLE articles (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
	topic TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0,
	sources TEXT NOT NULL DEFAULT '',     -- one per line: "URL label"
	facts_checked TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD: facts last checked against the sources
	has_dispute INTEGER NOT NULL DEFAULT 0, -- sources disagree on something in it
	published INTEGER NOT NULL DEFAULT 1,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE article_translations (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	title TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL,                   -- Markdown
	guidance TEXT NOT NULL DEFAULT '',    -- the group's choice where sources disagree (Markdown)
	status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'native_reviewed', 'lawyer_reviewed')),
	reviewed_by TEXT,
	reviewed_at INTEGER,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (article_id, lang)
) STRICT;

-- Hotlines shown on rights pages and leaflets after the group's own
-- (settings.hotline): city and state lines the group chooses to show.
CREATE TABLE hotlines (
	id INTEGER PRIMARY KEY,
	position INTEGER NOT NULL DEFAULT 0,
	name TEXT NOT NULL,
	number TEXT NOT NULL,
	hours TEXT NOT NULL DEFAULT '',
	source TEXT NOT NULL DEFAULT '',
	enabled INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Leafleting shifts. Date and time are as typed, in the group's time zone,
-- so the summary per month needs no conversion. No names of the people
-- spoken to are kept: only counts.
CREATE TABLE leafleting_shifts (
	id INTEGER PRIMARY KEY,
	place TEXT NOT NULL,
	shift_date TEXT NOT NULL CHECK (shift_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	start_time TEXT NOT NULL DEFAULT '',
	minutes INTEGER NOT NULL DEFAULT 0,
	others INTEGER NOT NULL DEFAULT 0,    -- people who came without an account
	conversations INTEGER NOT NULL DEFAULT 0,
	follow_ups INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX leafleting_shifts_month ON leafleting_shifts(shift_date);

CREATE TABLE leafleting_volunteers (
	shift_id INTEGER NOT NULL REFERENCES leafleting_shifts(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	PRIMARY KEY (shift_id, user_id)
) STRICT;

CREATE TABLE leafleting_counts (
	shift_id INTEGER NOT NULL REFERENCES leafleting_shifts(id) ON DELETE CASCADE,
	lang TEXT NOT NULL,
	leaflets INTEGER NOT NULL CHECK (leaflets >= 0),
	PRIMARY KEY (shift_id, lang)
) STRICT;

INSERT INTO hotlines (position, name, number, hours, source, enabled) VALUES
 (1, 'ActionNYC (through 311)', '800-354-0365', 'Weekdays 9–6', 'https://portal-sit2.311.nyc.gov/article/?kanumber=KA-03218', 0),
 (2, 'NYS New Americans Hotline (200+ languages)', '800-566-7636', '', 'https://easthamptonstar.com/2019718/state-office-new-americans-offers-tips-what-do-if-encountered-immigration-officials', 0),
 (3, 'Immigrant Defense Project (raid reports)', '212-725-6422', '', 'https://deportationdefensemanual.wordpress.com/raids-rapid-response/what-to-do-when-someone-you-know-is-picked-up-by-ice/', 0);

INSERT INTO articles (id, slug, topic, position, sources, facts_checked, has_dispute, updated_at) VALUES
 (1, 'at-home', 'home', 1,
  'https://www.nilc.org/warrants-and-subpoenas-101/ NILC: Warrants and subpoenas 101
https://nepyork.com/2025/02/02/your-rights-when-approached-by-ice-agents-nyc-mayors-office-of-immigrant-affairs-publishes-know-your-rights-booklet/ NYC Mayor''s Office of Immigrant Affairs booklet (as reported)
https://mnknow.net/emergency/ice-at-your-door mnknow: ICE at your door
https://twunroll.com/article/1355670290437697537 NYC ICE Watch / Cosecha thread
https://justinsomnia.org/2025/02/red-cards ILRC red cards
https://www.aclumaine.org/en/know-your-rights/immigration-enforcement-and-warrants ACLU Maine: immigration enforcement and warrants
https://principlecivics.com/topics/ice-warrantless-home-entry-fourth-amendment-memo-jan-2026 ICE memo of May 12, 2025 on I-205 home entry
https://whistleblowersblog.org/government-whistleblowers/ice-whistleblower-leaks-confidential-department-memo-on-warrant-policy/amp ICE 2023 handbook and CRS 2025 on I-205
https://newsoffortworth.com/?p=9645 D. Minn. ruling, Jan 17, 2026', '2026-11-27', 1, 0),
 (2, 'on-the-street', 'street', 2,
  'https://www.acluarkansas.org/en/know-your-rights/what-do-if-youre-stopped-police-immigration-agents-or-fbi ACLU: stopped by police, immigration agents or FBI
https://serviciosdelaraza.org/know-your-rights Servicios de La Raza: know your rights
https://www.aclum.org/en/know-your-rights/know-your-rights-if-you-are-questioned-about-your-immigration-status ACLU Massachusetts: questioned about immigration status
https://www.legalservicesnyc.org/what-we-do/practice-areas-and-projects/immigrants-rights/immigration-know-your-rights Legal Services NYC: know your rights', '2026-11-27', 1, 0),
 (3, 'in-a-car', 'car', 3,
  'https://www.aclum.org/en/know-your-rights/know-your-rights-if-you-are-questioned-about-your-immigration-status ACLU Massachusetts: questioned about immigration status
https://www.legalservicesnyc.org/what-we-do/practice-areas-and-projects/immigrants-rights/immigration-know-your-rights Legal Services NYC: know your rights
https://deportationdefensemanual.wordpress.com/know-your-rights/know-your-rights-in-the-workplace/ Deportation defense manual (IDP-based)', '2026-11-27', 1, 0),
 (4, 'at-work', 'work', 4,
  'https://deportationdefensemanual.wordpress.com/know-your-rights/know-your-rights-in-the-workplace/ Deportation defense manual: know your rights in the workplace
https://comptroller.nyc.gov/services/for-the-public/immigrant-workers-resource-guide/know-your-rights/your-rights-when-interacting-with-immigration-and-customs-enforcement-ice NYC Comptroller: your rights with ICE', '2026-11-27', 0, 0),
 (5, 'for-businesses', 'business', 5,
  'https://ag.ny.gov/immigrants-rights/ice-workplace NY Attorney General: ICE at the workplace (March 2025)
https://www.nortonrosefulbright.com/en-lu/knowledge/publications/355b0cd6/employer-guidance-on-ice-enforcement-actions Norton Rose Fulbright: employer guidance
https://www.earpcohn.com/blogs/employers-guide-to-ice-audits-and-workplace-visits/ Earp Cohn: I-9 audits and workplace visits
https://progressivegrocer.com/why-ice-raids-threaten-both-food-supply-chain-and-customer Progressive Grocer: preparing a store', '2026-11-27', 0, 0),
 (6, 'ice-check-in', 'checkin', 6,
  'https://asaptogether.org/en/faqs-ice-isap ASAP: ICE and ISAP check-ins (December 2025)
https://help.asylumadvocacy.org/faqs-ice-isap/ ASAP help: what ISAP is
https://immigrantjustice.org/node/15084 NIJC: expedited removal
https://immpolicytracking.org/policies/dhs-expands-expedited-removal-to-the-maximum-extent-authorized-by-statute Immigration Policy Tracking: January 21, 2025 designation
https://principlecivics.com/topics/federal-judge-blocks-trump-deportation-expansion-20250830 Make the Road NY v. Noem stay, August 29, 2025', '2026-11-27', 1, 0),
 (7, 'if-detained', 'detained', 7,
  'https://deportationdefensemanual.wordpress.com/raids-rapid-response/what-to-do-when-someone-you-know-is-picked-up-by-ice/ Deportation defense manual: when someone is picked up by ICE
https://allianceforrefugees.org/news Alliance for Refugees: detention phone calls
https://newsanctuarynsc.org/detained New Sanctuary Coalition: detention hotline
https://www.legalservicesnyc.org/resources/how-do-i-know-if-i-have-an-immigration-court-hearing Legal Services NYC: court hearing status', '2026-11-27', 0, 0),
 (8, 'family-preparedness', 'family', 8,
  'https://knowyourrights.immdefense.org/en/categories/get-prepared/articles/plan-for-childcare-needs Immigrant Defense Project: plan for childcare needs
https://www.legalservicesnyc.org/what-we-do/practice-areas-and-projects/immigrants-rights/immigration-know-your-rights Legal Services NYC: know your rights
https://kesq.com/news/2017/03/17/new-app-aims-to-be-lifeline-to-loved-ones-of-detained-undocumented-immigrants KESQ: memorize numbers, phones get taken', '2026-11-27', 0, 0);

-- ---------------------------------------------------------------- English
INSERT INTO article_translations (article_id, lang, title, summary, body, updated_at) VALUES
 (1, 'en', 'If immigration agents come to your home', 'Keep the door closed, ask for the warrant under the door, say "I do not consent".',
'You do not have to open the door to talk. Keep it closed and ask who they are and which agency they are from. Ask them to show ID through a window or under the door.

## The warrant
- Ask them to **slide the warrant under the door**. Do not open the door to read it.
- A **judicial warrant** names a court at the top (for example "United States District Court" or "Supreme Court of the State of New York") and is signed by a judge or magistrate. It must name your address (search warrant) or a person who lives here (arrest warrant), and be within its time limit.
- An **ICE administrative warrant** says "Department of Homeland Security" at the top, is a Form I-200 ("Warrant for Arrest of Alien") or I-205, and is signed by an immigration officer. Advocates and ICE''s own earlier rules say it does **not** allow entry into a home without your consent.
- Signed by an "immigration judge" means it is **not** a judicial warrant.

Use the [warrant checker](/rights/warrant) on your phone.

## What to say and do
- Say: **"I do not consent to your entry."** Then stay silent.
- Do not lie, do not resist, sign nothing without a lawyer.
- If they enter anyway, say you do not consent, and write down names, badge numbers and what happened.
- Call the hotline.

## Where sources disagree
- **A judicial warrant at the door.** NYC''s Mayor''s Office of Immigrant Affairs says to check it and then comply; mnknow says you must open. NYC ICE Watch/Cosecha and ILRC say never open the door: agents rarely have one, sometimes lie, and enter anyway if they do.
- **Form I-205 and home entry.** A May 12, 2025 ICE memo (made public January 2026) claims an I-205 with a final order allows entry by force. ICE''s 2023 handbook and a June 2025 Congressional Research Service report said it does not; on January 17, 2026 a federal judge in Minnesota held one such entry unconstitutional; on April 2, 2026 the ACLU sued to void the memo. ICE *claims* the power; courts and advocates say entry needs a judge''s warrant or consent.', 0),
 (2, 'en', 'On the street', 'Stay calm, do not run, ask "Am I free to go?"',
'- Stay calm. Do not run.
- Ask: **"Am I free to go?"** If they say yes, walk away calmly.
- You may say: **"I will remain silent."** You do not have to answer where you were born or your status.
- Do not consent to a search of you or your bag. Do not resist if they search anyway.
- Do not lie and never show false papers.
- Sign nothing without a lawyer.

## Where sources disagree: carrying papers
- The ACLU says non-citizens over 18 should carry their immigration papers and show them if an immigration agent asks.
- Legal Services NYC says not to carry documents about your country of origin, and a manual based on the Immigrant Defense Project says to volunteer no ID, especially a foreign passport.

Ask a lawyer about your own situation.', 0),
 (3, 'en', 'In a car', 'Pull over, show license, registration and insurance if asked; you may refuse a search.',
'- Pull over safely, turn off the engine, keep your hands where they can be seen.
- If you are the driver, show your license, registration and proof of insurance when asked.
- You may refuse a search of the car: say **"I do not consent to a search."**
- The driver and passengers may stay silent. Passengers may ask: **"Am I free to leave?"**
- Do not lie and never show false papers. Do not resist.

## Where sources disagree: carrying papers
The ACLU says non-citizens over 18 should carry immigration papers and show them to an immigration agent who asks; Legal Services NYC and an IDP-based manual say to carry no documents about your country of origin and volunteer no foreign passport.', 0),
 (4, 'en', 'At work', 'Ask if you are free to leave, do not consent to a search, do not line up by status.',
'- Stay calm. Ask: **"Am I free to leave?"**
- Say: **"I do not consent to a search."**
- You do not have to answer questions about where you were born or your immigration status.
- Do not line up or split into groups by status. Do not run.
- You may tell agents about medical needs or children you must care for, and ask for an interpreter.
- Sign nothing without a lawyer. Note names and badge numbers.', 0),
 (5, 'en', 'For business owners', 'Public areas vs private areas, one trained point person, ask for a judicial warrant.',
'- ICE may enter **public areas** (dining room, shop floor, lobby) without a warrant.
- **Private areas** ("Employees only") need a **judicial warrant** signed by a judge, or your consent. Mark them "Private" and lock connecting doors.
- ICE uniforms may say "police"; they are not the local police.
- Choose one trained point person and a backup. Ask for the warrant, copy or photograph it and send it to your lawyer.
- Say clearly that you do not consent to a search of private areas. Never block or obstruct agents.
- You do not have to say who is present or sort workers by status.
- An **I-9 audit** starts with a Notice of Inspection, which gives at least 3 business days and is not a warrant.', 0),
 (6, 'en', 'At an ICE check-in', 'See a lawyer first, bring proof of pending applications and of time in the US.',
'Arrests at ICE and ISAP check-ins rose in 2025.

- **See a lawyer before you go.**
- Bring receipts of any pending applications and proof of how long you have lived in the US.
- Tell someone you trust where you are going and when you expect to be back. Our group can go with you.
- ISAP is a contractor that monitors people for ICE: ankle GPS, a phone app, home visits.

## Where sources disagree: expedited removal
- ASAP says to carry proof that you have been in the US more than 14 days.
- NIJC warns people here less than 2 years. A January 21, 2025 designation applied expedited removal nationwide to people here less than 2 years; a court stayed it on August 29, 2025 (Make the Road NY v. Noem); an appeals panel later lifted that stay, according to a partisan source. This changes fast: ask a lawyer.', 0),
 (7, 'en', 'If someone is detained', 'Find them with the ICE locator, call a lawyer, do not talk about status on jail phones.',
'- Stay calm and call the hotline.
- The ICE online detainee locator needs the **A-number and country of birth**, or the exact name. It may lag about 24 hours.
- People arrested in NYC are often taken to Varick Street, then to jails in New Jersey.
- Check immigration court status by A-number at acis.eoir.justice.gov or 1-800-898-7180 (8-digit A-numbers get a leading 0).
- On detention phones, **do not talk about birthplace or status**: calls are recorded.
- Find a lawyer; do not sign anything without one.', 0),
 (8, 'en', 'Family preparedness', 'Agree on a caregiver, memorize numbers, keep copies of papers with someone you trust.',
'- Agree on a **caregiver** for your children, with their school and medical information. Ask a lawyer about papers that let someone decide for them.
- **Memorize** important phone numbers: phones are often taken.
- Keep copies of important papers with someone you trust, and know your consulate''s number.
- Write down your A-number if you have one, and tell your family where to find it.
- Make a plan with your family for who to call first.', 0);

-- ---------------------------------------------------------------- Spanish
INSERT INTO article_translations (article_id, lang, title, summary, body, updated_at) VALUES
 (1, 'es', 'Si agentes de inmigración vienen a su casa', 'Mantenga la puerta cerrada, pida la orden por debajo de la puerta, diga "No doy mi consentimiento".',
'No tiene que abrir la puerta para hablar. Manténgala cerrada y pregunte quiénes son y de qué agencia vienen. Pida que muestren su identificación por una ventana o por debajo de la puerta.

## La orden
- Pida que **pasen la orden por debajo de la puerta**. No abra la puerta para leerla.
- Una **orden judicial** lleva el nombre de un tribunal arriba (por ejemplo "United States District Court" o "Supreme Court of the State of New York") y la firma un juez o magistrado. Debe nombrar su dirección (orden de registro) o a una persona que vive aquí (orden de arresto) y estar dentro de su plazo.
- Una **orden administrativa de ICE** dice "Department of Homeland Security" arriba, es un Formulario I-200 ("Warrant for Arrest of Alien") o I-205, y la firma un oficial de inmigración. Las organizaciones de defensa y las reglas anteriores de ICE dicen que **no** permite entrar a una casa sin su consentimiento.
- Si la firma un "juez de inmigración" (immigration judge), **no** es una orden judicial.

Use el [verificador de órdenes](/rights/warrant) en su teléfono.

## Qué decir y qué hacer
- Diga: **"No doy mi consentimiento para que entren."** Luego guarde silencio.
- No mienta, no se resista, no firme nada sin un abogado.
- Si entran de todos modos, diga que no da su consentimiento y anote nombres, números de placa y lo que pasó.
- Llame a la línea de ayuda.

## Donde las fuentes no están de acuerdo
- **Una orden judicial en la puerta.** La Oficina del Alcalde para Asuntos del Inmigrante de NYC dice que la revise y luego cumpla; mnknow dice que debe abrir. NYC ICE Watch/Cosecha e ILRC dicen que nunca abra: los agentes casi nunca la tienen, a veces mienten y, si la tienen, entran de todos modos.
- **El Formulario I-205 y la entrada a casas.** Un memorando de ICE del 12 de mayo de 2025 (publicado en enero de 2026) afirma que un I-205 con orden final permite entrar por la fuerza. El manual de ICE de 2023 y un informe del Servicio de Investigación del Congreso de junio de 2025 decían que no; el 17 de enero de 2026 un juez federal de Minnesota declaró inconstitucional una de esas entradas; el 2 de abril de 2026 la ACLU demandó para anular el memorando. ICE *afirma* ese poder; los tribunales y las organizaciones dicen que se necesita una orden de un juez o su consentimiento.', 0),
 (2, 'es', 'En la calle', 'Mantenga la calma, no corra, pregunte "¿Me puedo ir?"',
'- Mantenga la calma. No corra.
- Pregunte: **"¿Me puedo ir?"** Si dicen que sí, aléjese con calma.
- Puede decir: **"Voy a guardar silencio."** No tiene que decir dónde nació ni su estatus.
- No dé su consentimiento para que lo registren a usted o su bolso. No se resista si lo registran de todos modos.
- No mienta y nunca muestre documentos falsos.
- No firme nada sin un abogado.

## Donde las fuentes no están de acuerdo: llevar documentos
- La ACLU dice que los no ciudadanos mayores de 18 años deben llevar sus documentos de inmigración y mostrarlos si un agente de inmigración los pide.
- Legal Services NYC dice que no lleve documentos de su país de origen, y un manual basado en el Immigrant Defense Project dice que no ofrezca ninguna identificación, sobre todo un pasaporte extranjero.

Consulte a un abogado sobre su situación.', 0),
 (3, 'es', 'En un carro', 'Deténgase, muestre licencia, registro y seguro si se los piden; puede negarse a un registro.',
'- Deténgase en un lugar seguro, apague el motor y mantenga las manos a la vista.
- Si maneja, muestre su licencia, el registro y el seguro cuando se los pidan.
- Puede negarse a que registren el carro: diga **"No doy mi consentimiento para un registro."**
- El conductor y los pasajeros pueden guardar silencio. Los pasajeros pueden preguntar: **"¿Me puedo ir?"**
- No mienta y nunca muestre documentos falsos. No se resista.

## Donde las fuentes no están de acuerdo: llevar documentos
La ACLU dice que los no ciudadanos mayores de 18 años deben llevar sus documentos de inmigración y mostrarlos a un agente de inmigración que los pida; Legal Services NYC y un manual basado en el IDP dicen que no lleve documentos de su país de origen ni ofrezca un pasaporte extranjero.', 0),
 (4, 'es', 'En el trabajo', 'Pregunte si se puede ir, no consienta un registro, no se ponga en fila según su estatus.',
'- Mantenga la calma. Pregunte: **"¿Me puedo ir?"**
- Diga: **"No doy mi consentimiento para un registro."**
- No tiene que contestar dónde nació ni cuál es su estatus migratorio.
- No se ponga en fila ni se separe en grupos según su estatus. No corra.
- Puede decir a los agentes que tiene necesidades médicas o niños que cuidar, y pedir un intérprete.
- No firme nada sin un abogado. Anote nombres y números de placa.', 0),
 (5, 'es', 'Para dueños de negocios', 'Áreas públicas y privadas, una persona encargada, pida una orden judicial.',
'- ICE puede entrar a las **áreas públicas** (comedor, tienda, vestíbulo) sin orden.
- Las **áreas privadas** ("Solo empleados") necesitan una **orden judicial** firmada por un juez, o su consentimiento. Márquelas como "Privado" y cierre con llave las puertas que las conectan.
- Los uniformes de ICE pueden decir "police"; no son la policía local.
- Elija a una persona encargada y a otra de respaldo, con capacitación. Pida la orden, cópiela o tómele una foto y envíela a su abogado.
- Diga claramente que no da su consentimiento para registrar las áreas privadas. Nunca bloquee ni obstruya a los agentes.
- No tiene que decir quién está presente ni separar a los trabajadores por estatus.
- Una **auditoría I-9** empieza con un Aviso de Inspección, que da al menos 3 días hábiles y no es una orden.', 0),
 (6, 'es', 'En una cita de control con ICE', 'Vea primero a un abogado, lleve pruebas de solicitudes pendientes y de su tiempo en EE. UU.',
'Los arrestos en las citas de ICE e ISAP aumentaron en 2025.

- **Vea a un abogado antes de ir.**
- Lleve los recibos de sus solicitudes pendientes y pruebas de cuánto tiempo ha vivido en EE. UU.
- Diga a alguien de confianza adónde va y cuándo piensa volver. Nuestro grupo puede acompañarle.
- ISAP es un contratista que vigila a personas para ICE: GPS en el tobillo, una aplicación en el teléfono, visitas a la casa.

## Donde las fuentes no están de acuerdo: la deportación acelerada
- ASAP dice que lleve pruebas de que está en EE. UU. desde hace más de 14 días.
- NIJC advierte a quienes llevan menos de 2 años aquí. Una designación del 21 de enero de 2025 extendió la deportación acelerada a todo el país para quienes llevan menos de 2 años; un tribunal la suspendió el 29 de agosto de 2025 (Make the Road NY v. Noem); según una fuente partidista, un tribunal de apelaciones levantó luego esa suspensión. Esto cambia rápido: consulte a un abogado.', 0),
 (7, 'es', 'Si detienen a alguien', 'Búsquelo con el localizador de ICE, llame a un abogado, no hable de su estatus por los teléfonos de la cárcel.',
'- Mantenga la calma y llame a la línea de ayuda.
- El localizador de detenidos de ICE necesita el **número A y el país de nacimiento**, o el nombre exacto. Puede tardar unas 24 horas en mostrarlo.
- A las personas arrestadas en NYC a menudo las llevan a Varick Street y luego a cárceles de Nueva Jersey.
- Consulte la corte de inmigración con el número A en acis.eoir.justice.gov o al 1-800-898-7180 (a los números A de 8 dígitos se les pone un 0 delante).
- En los teléfonos de detención **no hable del lugar de nacimiento ni del estatus**: las llamadas se graban.
- Busque un abogado; no firme nada sin uno.', 0),
 (8, 'es', 'Preparación familiar', 'Acuerde quién cuidará a sus hijos, memorice números, deje copias de documentos con alguien de confianza.',
'- Acuerde quién **cuidará a sus hijos**, con la información de la escuela y médica. Pregunte a un abogado por los documentos que permiten a alguien decidir por ellos.
- **Memorice** los números de teléfono importantes: a menudo quitan los teléfonos.
- Deje copias de documentos importantes con alguien de confianza y tenga el número de su consulado.
- Anote su número A si lo tiene y diga a su familia dónde encontrarlo.
- Haga un plan con su familia sobre a quién llamar primero.', 0);

-- ---------------------------------------------------------------- Bengali
INSERT INTO article_translations (article_id, lang, title, summary, body, updated_at) VALUES
 (1, 'bn', 'ইমিগ্রেশন এজেন্টরা আপনার বাড়িতে এলে', 'দরজা বন্ধ রাখুন, ওয়ারেন্ট দরজার নিচ দিয়ে দিতে বলুন, বলুন "আমি সম্মতি দিচ্ছি না"।',
'কথা বলার জন্য দরজা খুলতে হবে না। দরজা বন্ধ রাখুন এবং জিজ্ঞেস করুন তারা কারা, কোন সংস্থা থেকে এসেছে। জানালা দিয়ে বা দরজার নিচ দিয়ে পরিচয়পত্র দেখাতে বলুন।

## ওয়ারেন্ট
- **ওয়ারেন্টটি দরজার নিচ দিয়ে দিতে** বলুন। পড়ার জন্য দরজা খুলবেন না।
- **আদালতের (জুডিশিয়াল) ওয়ারেন্টের** উপরে একটি আদালতের নাম থাকে (যেমন "United States District Court" বা "Supreme Court of the State of New York") এবং তাতে একজন বিচারক বা ম্যাজিস্ট্রেটের সই থাকে। তাতে আপনার ঠিকানা (তল্লাশি ওয়ারেন্ট) বা এখানে থাকা কোনো ব্যক্তির নাম (গ্রেপ্তারি ওয়ারেন্ট) থাকতে হবে, এবং তার সময়সীমা পার হওয়া চলবে না।
- **ICE-এর প্রশাসনিক ওয়ারেন্টের** উপরে লেখা থাকে "Department of Homeland Security", এটি ফর্ম I-200 ("Warrant for Arrest of Alien") বা I-205, এবং এতে একজন ইমিগ্রেশন অফিসারের সই থাকে। অধিকারকর্মীরা এবং ICE-এর আগের নিয়ম বলে, এটি দিয়ে আপনার সম্মতি ছাড়া বাড়িতে ঢোকা **যায় না**।
- "ইমিগ্রেশন জজ" (immigration judge) সই করলে সেটি আদালতের ওয়ারেন্ট **নয়**।

ফোনে [ওয়ারেন্ট যাচাই](/rights/warrant) ব্যবহার করুন।

## কী বলবেন, কী করবেন
- বলুন: **"আপনাদের ঢোকার জন্য আমি সম্মতি দিচ্ছি না।"** তারপর চুপ থাকুন।
- মিথ্যা বলবেন না, বাধা দেবেন না, আইনজীবী ছাড়া কিছুতে সই করবেন না।
- তবুও তারা ঢুকলে বলুন আপনি সম্মতি দিচ্ছেন না, এবং নাম, ব্যাজ নম্বর ও কী ঘটেছে লিখে রাখুন।
- হটলাইনে ফোন করুন।

## যেখানে সূত্রগুলো একমত নয়
- **দরজায় আদালতের ওয়ারেন্ট।** নিউ ইয়র্ক সিটির মেয়রের অভিবাসী বিষয়ক দপ্তর বলে, যাচাই করে মেনে নিন; mnknow বলে দরজা খুলতেই হবে। NYC ICE Watch/Cosecha ও ILRC বলে কখনো দরজা খুলবেন না: এজেন্টদের কাছে প্রায় কখনো তা থাকে না, কখনো মিথ্যা বলে, আর থাকলে তারা এমনিতেই ঢোকে।
- **ফর্ম I-205 ও বাড়িতে ঢোকা।** ১২ মে ২০২৫-এর ICE-এর একটি মেমো (জানুয়ারি ২০২৬-এ প্রকাশ্যে আসে) দাবি করে, চূড়ান্ত আদেশসহ I-205 দিয়ে জোর করে ঢোকা যায়। ICE-এর ২০২৩ সালের হ্যান্ডবুক ও জুন ২০২৫-এর কংগ্রেসনাল রিসার্চ সার্ভিসের রিপোর্ট বলেছিল যায় না; ১৭ জানুয়ারি ২০২৬ মিনেসোটার এক ফেডারেল বিচারক এমন এক প্রবেশকে অসাংবিধানিক বলেছেন; ২ এপ্রিল ২০২৬ ACLU মেমোটি বাতিলের মামলা করেছে। ICE এই ক্ষমতা *দাবি* করে; আদালত ও অধিকারকর্মীরা বলেন ঢুকতে বিচারকের ওয়ারেন্ট বা সম্মতি লাগে।', 0),
 (2, 'bn', 'রাস্তায়', 'শান্ত থাকুন, দৌড়াবেন না, জিজ্ঞেস করুন "আমি কি যেতে পারি?"',
'- শান্ত থাকুন। দৌড়াবেন না।
- জিজ্ঞেস করুন: **"আমি কি যেতে পারি?"** হ্যাঁ বললে শান্তভাবে চলে যান।
- বলতে পারেন: **"আমি চুপ থাকব।"** আপনার জন্মস্থান বা স্ট্যাটাস বলতে হবে না।
- আপনার বা ব্যাগের তল্লাশিতে সম্মতি দেবেন না। তবুও তল্লাশি করলে বাধা দেবেন না।
- মিথ্যা বলবেন না, কখনো জাল কাগজ দেখাবেন না।
- আইনজীবী ছাড়া কিছুতে সই করবেন না।

## যেখানে সূত্রগুলো একমত নয়: কাগজপত্র সঙ্গে রাখা
- ACLU বলে, ১৮ বছরের বেশি বয়সী অ-নাগরিকদের ইমিগ্রেশন কাগজ সঙ্গে রাখা উচিত এবং ইমিগ্রেশন এজেন্ট চাইলে দেখানো উচিত।
- Legal Services NYC বলে নিজের দেশের কোনো কাগজ সঙ্গে রাখবেন না, আর Immigrant Defense Project-ভিত্তিক একটি ম্যানুয়াল বলে নিজে থেকে কোনো পরিচয়পত্র, বিশেষ করে বিদেশি পাসপোর্ট, দেবেন না।

নিজের অবস্থা নিয়ে একজন আইনজীবীর সঙ্গে কথা বলুন।', 0),
 (3, 'bn', 'গাড়িতে', 'গাড়ি থামান, চাইলে লাইসেন্স, রেজিস্ট্রেশন ও ইনস্যুরেন্স দেখান; তল্লাশিতে না বলতে পারেন।',
'- নিরাপদে গাড়ি থামান, ইঞ্জিন বন্ধ করুন, হাত দেখা যায় এমনভাবে রাখুন।
- আপনি চালক হলে চাওয়া হলে লাইসেন্স, রেজিস্ট্রেশন ও ইনস্যুরেন্সের প্রমাণ দেখান।
- গাড়ি তল্লাশিতে না বলতে পারেন: বলুন **"আমি তল্লাশিতে সম্মতি দিচ্ছি না।"**
- চালক ও যাত্রীরা চুপ থাকতে পারেন। যাত্রীরা জিজ্ঞেস করতে পারেন: **"আমি কি যেতে পারি?"**
- মিথ্যা বলবেন না, কখনো জাল কাগজ দেখাবেন না। বাধা দেবেন না।

## যেখানে সূত্রগুলো একমত নয়: কাগজপত্র সঙ্গে রাখা
ACLU বলে ১৮ বছরের বেশি বয়সী অ-নাগরিকদের ইমিগ্রেশন কাগজ সঙ্গে রাখা ও ইমিগ্রেশন এজেন্ট চাইলে দেখানো উচিত; Legal Services NYC ও IDP-ভিত্তিক একটি ম্যানুয়াল বলে নিজের দেশের কাগজ সঙ্গে রাখবেন না এবং বিদেশি পাসপোর্ট নিজে থেকে দেবেন না।', 0),
 (4, 'bn', 'কর্মস্থলে', 'জিজ্ঞেস করুন যেতে পারেন কিনা, তল্লাশিতে সম্মতি দেবেন না, স্ট্যাটাস অনুযায়ী লাইনে দাঁড়াবেন না।',
'- শান্ত থাকুন। জিজ্ঞেস করুন: **"আমি কি যেতে পারি?"**
- বলুন: **"আমি তল্লাশিতে সম্মতি দিচ্ছি না।"**
- জন্মস্থান বা ইমিগ্রেশন স্ট্যাটাস নিয়ে প্রশ্নের উত্তর দিতে হবে না।
- স্ট্যাটাস অনুযায়ী লাইনে দাঁড়াবেন না বা দলে ভাগ হবেন না। দৌড়াবেন না।
- চিকিৎসার প্রয়োজন বা দেখাশোনার দায়িত্বে থাকা শিশুদের কথা এজেন্টদের বলতে পারেন, দোভাষী চাইতে পারেন।
- আইনজীবী ছাড়া কিছুতে সই করবেন না। নাম ও ব্যাজ নম্বর লিখে রাখুন।', 0),
 (5, 'bn', 'ব্যবসার মালিকদের জন্য', 'জনসাধারণের জায়গা ও ব্যক্তিগত জায়গা, একজন প্রশিক্ষিত দায়িত্বপ্রাপ্ত ব্যক্তি, আদালতের ওয়ারেন্ট চান।',
'- ICE ওয়ারেন্ট ছাড়াই **জনসাধারণের জায়গায়** (খাবারের ঘর, দোকানের মেঝে, লবি) ঢুকতে পারে।
- **ব্যক্তিগত জায়গায়** ("শুধু কর্মীদের জন্য") ঢুকতে বিচারকের সই করা **আদালতের ওয়ারেন্ট** বা আপনার সম্মতি লাগে। সেগুলোতে "Private" লিখে রাখুন এবং সংযোগের দরজা তালা দিন।
- ICE-এর ইউনিফর্মে "police" লেখা থাকতে পারে; তারা স্থানীয় পুলিশ নয়।
- একজন প্রশিক্ষিত দায়িত্বপ্রাপ্ত ব্যক্তি ও একজন বিকল্প ঠিক করুন। ওয়ারেন্ট চান, কপি বা ছবি তুলে আইনজীবীকে পাঠান।
- স্পষ্ট বলুন ব্যক্তিগত জায়গা তল্লাশিতে আপনি সম্মতি দিচ্ছেন না। কখনো এজেন্টদের পথ আটকাবেন না।
- কে উপস্থিত আছে বলতে বা কর্মীদের স্ট্যাটাস অনুযায়ী ভাগ করতে হবে না।
- **I-9 অডিট** শুরু হয় একটি নোটিস অব ইন্সপেকশন দিয়ে, যাতে কমপক্ষে ৩ কর্মদিবস সময় থাকে, এবং এটি ওয়ারেন্ট নয়।', 0),
 (6, 'bn', 'ICE চেক-ইনে', 'আগে আইনজীবীর সঙ্গে দেখা করুন, চলমান আবেদনের ও যুক্তরাষ্ট্রে থাকার সময়ের প্রমাণ নিন।',
'২০২৫ সালে ICE ও ISAP চেক-ইনে গ্রেপ্তার বেড়েছে।

- **যাওয়ার আগে একজন আইনজীবীর সঙ্গে দেখা করুন।**
- চলমান আবেদনের রসিদ এবং যুক্তরাষ্ট্রে কতদিন আছেন তার প্রমাণ সঙ্গে নিন।
- বিশ্বস্ত কাউকে বলুন কোথায় যাচ্ছেন, কখন ফিরবেন। আমাদের দল আপনার সঙ্গে যেতে পারে।
- ISAP হলো ICE-এর হয়ে নজরদারি করা একটি ঠিকাদার: পায়ে GPS, ফোনের অ্যাপ, বাড়িতে পরিদর্শন।

## যেখানে সূত্রগুলো একমত নয়: দ্রুত বহিষ্কার (expedited removal)
- ASAP বলে যুক্তরাষ্ট্রে ১৪ দিনের বেশি আছেন তার প্রমাণ রাখুন।
- NIJC সতর্ক করে যারা ২ বছরের কম এখানে আছেন তাদের। ২১ জানুয়ারি ২০২৫-এর একটি ঘোষণা ২ বছরের কম থাকা মানুষের জন্য সারা দেশে দ্রুত বহিষ্কার চালু করে; ২৯ আগস্ট ২০২৫ একটি আদালত তা স্থগিত করে (Make the Road NY v. Noem); একটি দলীয় সূত্র অনুযায়ী পরে আপিল আদালতের একটি প্যানেল সেই স্থগিতাদেশ তুলে নেয়। এটি দ্রুত বদলায়: আইনজীবীকে জিজ্ঞেস করুন।', 0),
 (7, 'bn', 'কেউ আটক হলে', 'ICE লোকেটরে খুঁজুন, আইনজীবীকে ফোন করুন, জেলের ফোনে স্ট্যাটাস নিয়ে কথা বলবেন না।',
'- শান্ত থাকুন এবং হটলাইনে ফোন করুন।
- ICE-এর অনলাইন আটক ব্যক্তি খোঁজার ব্যবস্থায় **A-নম্বর ও জন্মের দেশ**, অথবা সঠিক নাম লাগে। দেখাতে প্রায় ২৪ ঘণ্টা দেরি হতে পারে।
- নিউ ইয়র্ক সিটিতে গ্রেপ্তার হওয়া মানুষদের প্রায়ই Varick Street-এ, তারপর নিউ জার্সির জেলে নেওয়া হয়।
- A-নম্বর দিয়ে ইমিগ্রেশন আদালতের অবস্থা দেখুন acis.eoir.justice.gov-এ বা 1-800-898-7180 নম্বরে (৮ অঙ্কের A-নম্বরের আগে একটি 0 দিন)।
- আটককেন্দ্রের ফোনে **জন্মস্থান বা স্ট্যাটাস নিয়ে কথা বলবেন না**: কল রেকর্ড হয়।
- একজন আইনজীবী খুঁজুন; আইনজীবী ছাড়া কিছুতে সই করবেন না।', 0),
 (8, 'bn', 'পরিবারের প্রস্তুতি', 'একজন দেখাশোনাকারী ঠিক করুন, নম্বর মুখস্থ রাখুন, কাগজের কপি বিশ্বস্ত কারও কাছে রাখুন।',
'- আপনার সন্তানদের জন্য একজন **দেখাশোনাকারী** ঠিক করুন, তাদের স্কুল ও চিকিৎসার তথ্যসহ। তাদের হয়ে কাউকে সিদ্ধান্ত নিতে দেওয়ার কাগজ নিয়ে আইনজীবীকে জিজ্ঞেস করুন।
- জরুরি ফোন নম্বর **মুখস্থ রাখুন**: ফোন প্রায়ই নিয়ে নেওয়া হয়।
- জরুরি কাগজের কপি বিশ্বস্ত কারও কাছে রাখুন, এবং আপনার কনস্যুলেটের নম্বর জেনে রাখুন।
- A-নম্বর থাকলে লিখে রাখুন, এবং পরিবারকে বলুন কোথায় পাবে।
- প্রথমে কাকে ফোন করবেন, পরিবারের সঙ্গে সেই পরিকল্পনা করুন।', 0);
