"""Vocabulary for the synthetic corpus: what a B2B sales-and-marketing blog talks about."""

# Subjects: key -> (singular or mass form with its article, bare form for headlines).
# The first form takes a singular verb ("How much does lead scoring cost?"); the bare
# form is used where no verb follows ("What are the hidden costs of CRM migration?").
SUBJECTS: dict[str, tuple[str, str]] = {
    "alignment-workshop": ("a sales and marketing alignment workshop", "alignment workshops"),
    "lead-scoring": ("lead scoring", "lead scoring"),
    "crm-migration": ("a CRM migration", "CRM migration"),
    "abm": ("account-based marketing", "account-based marketing"),
    "content-audit": ("a content audit", "content audits"),
    "sales-enablement": ("sales enablement", "sales enablement"),
    "marketing-automation": ("a marketing automation rollout", "marketing automation"),
    "pricing-page": ("a pricing page redesign", "pricing pages"),
    "customer-interviews": ("a customer interview programme", "customer interviews"),
    "partner-channel": ("a partner channel", "partner channels"),
    "sdr-team": ("an outsourced SDR team", "outsourced SDR teams"),
    "intent-data": ("intent data", "intent data"),
    "webinars": ("a webinar programme", "webinar programmes"),
    "case-studies": ("a customer case study", "customer case studies"),
    "website-rebuild": ("a B2B website rebuild", "website rebuilds"),
    "demand-gen-agency": ("a demand generation agency", "demand generation agencies"),
    "fractional-cmo": ("a fractional CMO", "fractional CMOs"),
    "win-loss": ("win-loss analysis", "win-loss analysis"),
    "revops-audit": ("a revenue operations audit", "revenue operations audits"),
    "sales-playbook": ("a sales playbook", "sales playbooks"),
    "lead-nurturing": ("a lead nurturing sequence", "lead nurturing"),
    "linkedin-ads": ("LinkedIn advertising", "LinkedIn advertising"),
    "trade-shows": ("a trade show stand", "trade shows"),
    "customer-advocacy": ("a customer advocacy programme", "customer advocacy"),
    "onboarding": ("a customer onboarding programme", "customer onboarding"),
    "messaging": ("a messaging framework", "messaging frameworks"),
    "positioning": ("a positioning workshop", "positioning workshops"),
    "sales-dashboard": ("a shared sales dashboard", "sales dashboards"),
    "sla": ("a sales and marketing SLA", "sales and marketing SLAs"),
    "content-marketing": ("B2B content marketing", "content marketing"),
}

# Who the blog's readers are: key -> plural noun phrase.
AUDIENCES: dict[str, str] = {
    "agencies": "small agencies",
    "saas": "SaaS start-ups",
    "manufacturers": "manufacturers",
    "professional-services": "professional services firms",
    "logistics": "logistics companies",
    "consultancies": "consultancies",
    "resellers": "software resellers",
    "recruiters": "recruitment firms",
    "fintech": "fintech companies",
    "healthcare": "healthcare suppliers",
    "engineering": "engineering firms",
    "training": "training providers",
    "wholesalers": "wholesalers",
    "family-firms": "family-owned businesses",
    "charities": "charities",
    "construction": "construction firms",
    "insurance": "insurance brokers",
    "law": "law firms",
    "accountancy": "accountancy practices",
    "it-services": "IT services firms",
    "marketplaces": "online marketplaces",
    "hardware": "hardware makers",
    "telecoms": "telecoms providers",
    "property": "property managers",
    "print": "print companies",
    "security": "security firms",
}

# Things compared head to head: (option a, option b, related subject, id stem).
PAIRS: list[tuple[str, str, str, str]] = [
    ("inbound marketing", "outbound prospecting", "content-marketing", "inbound-vs-outbound"),
    ("an in-house SDR team", "an outsourced SDR agency", "sdr-team", "inhouse-vs-outsourced-sdr"),
    ("account-based marketing", "broad demand generation", "abm", "abm-vs-demand-gen"),
    (
        "a fractional CMO",
        "a full-time marketing director",
        "fractional-cmo",
        "fractional-vs-fulltime-cmo",
    ),
    ("webinars", "trade shows", "webinars", "webinars-vs-trade-shows"),
    ("LinkedIn advertising", "search advertising", "linkedin-ads", "linkedin-vs-search-ads"),
    ("case studies", "testimonials", "case-studies", "case-studies-vs-testimonials"),
    ("gated content", "ungated content", "content-marketing", "gated-vs-ungated"),
    ("Pipewise", "Ledgerline CRM", "crm-migration", "pipewise-vs-ledgerline"),
    ("Leadlark", "Cadence Cloud", "sales-enablement", "leadlark-vs-cadence-cloud"),
    (
        "a specialist agency",
        "a generalist agency",
        "demand-gen-agency",
        "specialist-vs-generalist-agency",
    ),
    ("fixed-fee projects", "day-rate consulting", "alignment-workshop", "fixed-fee-vs-day-rate"),
    (
        "marketing automation",
        "a simple email tool",
        "marketing-automation",
        "automation-vs-email-tool",
    ),
    ("lead scoring", "manual qualification", "lead-scoring", "scoring-vs-manual-qualification"),
    (
        "a published pricing page",
        "a request-a-quote form",
        "pricing-page",
        "pricing-page-vs-quote-form",
    ),
    ("Signalbase", "Northstar Intent", "intent-data", "signalbase-vs-northstar"),
    ("a sales playbook", "ad hoc coaching", "sales-playbook", "playbook-vs-coaching"),
    ("a website rebuild", "a content refresh", "website-rebuild", "rebuild-vs-refresh"),
]

# Fictional products the blog reviews: (name, what it is, related subject).
PRODUCTS: list[tuple[str, str, str]] = [
    ("Pipewise", "CRM", "crm-migration"),
    ("Ledgerline CRM", "CRM", "crm-migration"),
    ("Leadlark", "sales engagement platform", "sales-enablement"),
    ("Cadence Cloud", "sales engagement platform", "sales-enablement"),
    ("Callcraft", "call recording tool", "win-loss"),
    ("Signalbase", "intent data service", "intent-data"),
    ("Northstar Intent", "intent data service", "intent-data"),
    ("Quotaflow", "forecasting tool", "sales-dashboard"),
    ("Brightfunnel", "marketing automation platform", "marketing-automation"),
    ("Webinarly", "webinar platform", "webinars"),
    ("Casebook", "case study platform", "case-studies"),
    ("Dealroomy", "proposal tool", "pricing-page"),
]

# Product categories for "best of" questions: (plural name, id stem, related subject).
TOOL_CATEGORIES: list[tuple[str, str, str]] = [
    ("CRM systems", "crm-systems", "crm-migration"),
    ("sales engagement tools", "sales-engagement-tools", "sales-enablement"),
    ("intent data services", "intent-data-services", "intent-data"),
    ("webinar platforms", "webinar-platforms", "webinars"),
    ("marketing automation platforms", "marketing-automation-platforms", "marketing-automation"),
    ("call recording tools", "call-recording-tools", "win-loss"),
    ("proposal tools", "proposal-tools", "pricing-page"),
    ("forecasting tools", "forecasting-tools", "sales-dashboard"),
    ("case study formats", "case-study-formats", "case-studies"),
    ("lead magnets", "lead-magnets", "lead-nurturing"),
    ("sales training courses", "sales-training-courses", "sales-playbook"),
    ("B2B marketing podcasts", "b2b-marketing-podcasts", "content-marketing"),
]

# How-to tasks: (verb phrase, id stem, related subject).
TASKS: list[tuple[str, str, str]] = [
    ("agree a lead definition between sales and marketing", "agree-lead-definition", "sla"),
    ("run a win-loss interview", "run-win-loss-interview", "win-loss"),
    ("write a case study customers will approve", "write-approved-case-study", "case-studies"),
    ("build a first lead scoring model", "build-lead-scoring-model", "lead-scoring"),
    (
        "run a pipeline review with marketing in the room",
        "run-joint-pipeline-review",
        "sales-dashboard",
    ),
    ("turn sales calls into blog posts", "turn-sales-calls-into-posts", "content-marketing"),
    ("get customers to agree to be quoted", "get-customers-quoted", "customer-advocacy"),
    (
        "measure the influence of content on pipeline",
        "measure-content-influence",
        "content-marketing",
    ),
    ("onboard a new SDR in a month", "onboard-new-sdr", "sdr-team"),
    ("hand a lead from marketing to sales without losing it", "hand-over-leads", "sla"),
    ("price a pilot project", "price-pilot-project", "pricing-page"),
    ("survey customers without annoying them", "survey-customers", "customer-interviews"),
    ("choose which customer questions to write about", "choose-questions", "content-marketing"),
    ("brief a demand generation agency", "brief-agency", "demand-gen-agency"),
    ("plan a webinar that sales will follow up", "plan-webinar-follow-up", "webinars"),
    ("clean up a CRM before a migration", "clean-up-crm", "crm-migration"),
    ("write a messaging framework in a week", "write-messaging-framework", "messaging"),
    ("set up a shared sales dashboard", "set-up-sales-dashboard", "sales-dashboard"),
    ("run a positioning workshop", "run-positioning-workshop", "positioning"),
    ("recruit customers for an advocacy programme", "recruit-advocates", "customer-advocacy"),
]

# Hires a growing firm debates: (noun phrase, id stem, related subject).
HIRES: list[tuple[str, str, str]] = [
    ("a first marketer", "first-marketer", "fractional-cmo"),
    ("a head of sales", "head-of-sales", "sales-playbook"),
    ("a revenue operations manager", "revops-manager", "revops-audit"),
    ("a content writer", "content-writer", "content-marketing"),
    ("a first SDR", "first-sdr", "sdr-team"),
    ("a customer success manager", "customer-success-manager", "onboarding"),
]

ROLES = [
    "sales director",
    "marketing manager",
    "head of growth",
    "account executive",
    "founder",
    "operations director",
    "customer success lead",
    "finance director",
    "SDR team lead",
    "product marketer",
    "managing director",
    "commercial director",
]

METRICS = [
    "win rate",
    "pipeline coverage",
    "cost per opportunity",
    "sales cycle length",
    "lead-to-meeting rate",
    "average deal size",
    "net revenue retention",
    "time to first reply",
    "meeting show rate",
    "customer acquisition cost",
]

ACTIVITIES = [
    "weekly pipeline meeting",
    "lead handover",
    "campaign planning session",
    "quarterly business review",
    "content calendar review",
    "deal review",
    "monthly reporting call",
    "sales kick-off",
    "win-loss debrief",
]

PERIODS = ["month", "quarter", "year"]

CATEGORIES = ["Cost and pricing", "Problems", "Comparisons", "Reviews", "Best of"]

TOPIC_CATEGORY = {
    "cost": "Cost and pricing",
    "problems": "Problems",
    "comparisons": "Comparisons",
    "reviews": "Reviews",
    "best": "Best of",
}

TOPICS = ["cost", "problems", "comparisons", "reviews", "best", "how-to", "other"]

STAGES = ["awareness", "consideration", "decision", "retention"]

TOPIC_STAGES = {
    "cost": ["consideration", "decision", "decision"],
    "problems": ["awareness", "awareness", "retention"],
    "comparisons": ["consideration", "decision"],
    "reviews": ["decision", "decision", "retention"],
    "best": ["consideration", "consideration", "decision"],
    "how-to": ["awareness", "retention", "retention"],
    "other": ["awareness", "consideration", "retention"],
}

HEARD_IN = [
    "sales-call",
    "webinar",
    "support-ticket",
    "interview",
    "survey",
    "community",
    "trade-show",
    "email",
    "review",
]

AUTHORS = [
    "Hannah Whitfield",
    "Marcus Bell",
    "Aisha Khan",
    "Tomasz Nowak",
    "Claire Dubois",
    "Ravi Menon",
    "Sophie Lang",
    "Daniel Osei",
]

TAGS = [
    "alignment",
    "lead scoring",
    "CRM",
    "account-based marketing",
    "content strategy",
    "pricing",
    "sales enablement",
    "marketing automation",
    "demand generation",
    "customer research",
    "case studies",
    "webinars",
    "events",
    "LinkedIn",
    "SDR",
    "pipeline",
    "forecasting",
    "reporting",
    "onboarding",
    "retention",
    "positioning",
    "messaging",
    "agencies",
    "budgeting",
    "hiring",
    "revenue operations",
    "SEO",
    "email",
    "partnerships",
    "win-loss",
    "tools",
    "workshops",
    "strategy",
    "small business",
    "SaaS",
    "manufacturing",
    "professional services",
    "customer advocacy",
    "intent data",
    "websites",
]

EXEMPT_REASONS = [
    "company announcement",
    "event listing",
    "job advert",
    "product release notes",
    "team news",
    "opinion piece from our founder",
    "guest post",
    "office move",
]

# Source registry vocabulary.
SOURCE_KINDS = [
    "interview",
    "survey",
    "support-ticket",
    "sales-call",
    "review",
    "case-study",
    "community",
]
SOURCE_KIND_WEIGHTS = [30, 10, 15, 20, 10, 10, 5]

INDUSTRIES = [
    "logistics",
    "manufacturing",
    "saas",
    "legal",
    "accounting",
    "recruitment",
    "construction",
    "healthcare",
    "education",
    "fintech",
    "energy",
    "hospitality",
    "retail",
    "engineering",
    "insurance",
    "media",
]

INDUSTRY_NOUNS = {
    "saas": "SaaS",
    "fintech": "fintech",
    "legal": "law",
    "media": "media",
}

COMPANY_SIZES = ["small", "mid-size", "large", "fast-growing", "family-owned"]

REVIEW_SITES = ["a software review site", "a B2B marketplace", "an industry forum"]

COMMUNITIES = [
    "a B2B marketing Slack community",
    "a revenue operations forum",
    "a founders' peer group",
    "a sales leaders' LinkedIn group",
]

# Private fields only: kept disjoint from every name and word used in article prose.
PRIVATE_FIRST_NAMES = [
    "Priya",
    "Gareth",
    "Imogen",
    "Kwame",
    "Lucinda",
    "Fergus",
    "Yasmin",
    "Bartholomew",
    "Rosalind",
    "Emeka",
    "Henrietta",
    "Lachlan",
    "Saoirse",
    "Anselm",
    "Philippa",
    "Dmitri",
]
PRIVATE_SURNAMES = [
    "Raman",
    "Featherstone",
    "Okonkwo",
    "Pemberton",
    "Vasquez-Hale",
    "Thistlewood",
    "Abernathy",
    "Lindqvist",
    "Castellano",
    "Moorcroft",
    "Adeyemi",
    "Ravensworth",
]
PRIVATE_COMPANY_STEMS = [
    "Harrowgate",
    "Calderbrook",
    "Whinmoor",
    "Penhallow",
    "Ashcombe",
    "Greysteel",
    "Kestrel Vale",
    "Tollbridge",
    "Marwick",
    "Fenwold",
]
PRIVATE_COMPANY_SUFFIXES = {
    "logistics": "Freight",
    "manufacturing": "Fabrications",
    "saas": "Software",
    "legal": "Solicitors",
    "accounting": "Accountants",
    "recruitment": "Talent",
    "construction": "Builders",
    "healthcare": "Medical Supplies",
    "education": "Learning",
    "fintech": "Payments",
    "energy": "Renewables",
    "hospitality": "Hotels",
    "retail": "Stores",
    "engineering": "Engineering",
    "insurance": "Underwriting",
    "media": "Studios",
}
PRIVATE_NOTES = [
    "Asked us not to publish the revenue figure they mentioned.",
    "Happy to be named in case studies from next year onwards.",
    "Contact only through their account manager.",
    "Call recorded with permission; transcript kept in the CRM.",
    "Prefers the quote to stay anonymous until their restructure is announced.",
    "Mentioned a competitor by name; do not repeat it.",
    "Agreed to a follow-up interview in six months.",
    "Shared internal pipeline numbers under NDA.",
]
