"""Sentence, heading, title and quote templates for the synthetic articles.

Placeholders in braces are filled by benchmarks.articles: the article's own context
(subject, a_subject, audience, product, option_a, option_b, category, task, hire,
year) or a fresh random value (role, role2, metric, n, few, pct, weeks, price_range,
period, activity, audience2, tool). A capitalised placeholder ({Subject}) gets the
value with its first letter in upper case.
"""

# One sentence per line reads better than wrapped strings in a text bank.
# ruff: noqa: E501

GENERAL_SENTENCES = [
    "Most {audience} we work with start {a_subject} with good intentions and a vague brief.",
    "The first thing we ask is who owns the number at the end of the {period}.",
    "When sales and marketing share one definition of a qualified lead, {metric} usually improves within two quarters.",
    "In one project the {role} kept a spreadsheet nobody else could edit, and it quietly became the source of truth.",
    "We have seen {n} clients try this, and the ones that succeeded kept the scope small.",
    "A {role} told us the hardest part was not the tooling but the {activity}.",
    "None of this needs a big budget; it needs a calendar invite and someone willing to chair it.",
    "If your {activity} runs longer than an hour, it is probably covering too much.",
    "Write down what you expect to happen before you start, so you can check it honestly later.",
    "The numbers here come from our own client work, not from a vendor survey.",
    "Across the last {n} engagements, the median improvement in {metric} was about {pct} percent.",
    "That figure hides a wide spread: some teams saw nothing, a few saw much more.",
    "It is tempting to buy {tool} first and design the process later; we recommend the opposite.",
    "Start with the questions your customers actually ask on sales calls.",
    "Marketing tends to measure activity, sales tends to measure revenue, and the gap between them is where most arguments start.",
    "Agree on the handful of CRM fields that matter and ignore the rest for now.",
    "Review the results after {weeks} weeks, not after the first busy Monday.",
    "The teams that get the most from {subject} treat the work as a habit rather than a project.",
    "Expect some resistance from the {role}, who has usually been burned by a similar initiative before.",
    "A short written summary after every {activity} saves hours of debate later.",
    "Keep the first version deliberately boring.",
    "If nobody can explain the process in two sentences, it is too complicated.",
    "We usually recommend a pilot with one team and one region before rolling anything out.",
    "The cost of doing nothing is real too: slower deals, wasted campaigns and a frustrated sales team.",
    "Customers notice when the message from marketing does not match what sales says on the call.",
    "For {audience}, the sales cycle is often long enough that a single campaign cannot be judged in one {period}.",
    "Our advice is to pick one metric, {metric}, and report it the same way every {period}.",
    "You will learn more from five honest customer interviews than from a dashboard with fifty charts.",
    "The best results came from teams where the {role} and the {role2} sat in the same weekly meeting.",
    "Document the decision, the reason and the date; the next person to join the team will be grateful.",
    "Be wary of anyone who promises results in under {weeks} weeks.",
    "Budget holders want a clear line from spend to pipeline, even if the line is approximate.",
    "Most of the work is unglamorous: cleaning data, agreeing definitions and following up.",
    "The pattern repeats across industries, from {audience} to {audience2}.",
    "We have made this mistake ourselves, more than once.",
    "Small improvements compound: a few percent on {metric} each {period} adds up over a year.",
    "Ask your best customers why they bought; the answer is rarely the one on your website.",
    "Set a review date before you start, and keep it even if things look fine.",
    "Keep the {activity} focused on decisions, not status updates.",
    "If the CRM does not reflect reality, no report built on top of it will either.",
    "One client cut their {metric} problem in half simply by moving the {activity} to Monday mornings.",
    "The conversation changes once finance joins it, because finance asks what happens after the first invoice.",
    "We rarely see {a_subject} fail for lack of ideas; it fails for lack of follow-through.",
    "Buyers in this market compare notes with peers long before they fill in a form.",
    "A good test is whether a new {role} could pick up the process from the written notes alone.",
    "Ownership matters more than tooling, and it is cheaper to fix.",
    "It helps to name the customer you are not trying to win.",
    "The {role} and the {role2} rarely disagree about the goal; they disagree about the timing.",
    "Most of the improvement came in the first {weeks} weeks, and the rest took another {period}.",
    "We track {metric} alongside the headline revenue figure, because it moves first.",
    "The sales team will judge the whole effort by the quality of the first ten leads.",
    "Plans written for a board presentation rarely survive contact with the sales floor.",
    "Shorter feedback loops beat bigger budgets almost every time.",
    "Not every customer question deserves an article, but the ones asked weekly certainly do.",
    "The risk is not that {a_subject} fails loudly but that it fades quietly.",
    "Good notes from a {activity} are worth more than a polished slide deck.",
    "Three of the {audience} we spoke to this {period} had tried the same approach and stopped.",
    "Ask for examples, not promises, whenever a supplier describes past results.",
    "People follow the process they helped to design.",
    "Every extra approval step adds days to the cycle and removes a little goodwill.",
    "A clear no from a prospect is more useful than a polite maybe.",
    "The gap between a good idea and a working habit is usually about {weeks} weeks of reminders.",
    "Our clients among {audience2} learned this earlier than most, because their margins are thinner.",
    "Keep a list of the objections you hear and review it every {period}.",
    "Nobody reads a forty-page strategy; everybody reads a one-page checklist.",
    "We compare every proposal against the simplest option that could possibly work.",
    "A {role} who joins the project late will ask the questions everyone else stopped asking.",
    "Most dashboards show what happened; the useful ones also show what to do next.",
    "Treat the first month as a rehearsal rather than a verdict.",
    "Surprisingly often, the fix is a better handover email rather than a new tool.",
    "Sales and marketing both want more revenue; they simply measure progress towards it differently.",
    "Start small, measure honestly and scale only what works.",
    "It is worth asking what your customers would lose if you stopped doing this tomorrow.",
    "In our experience, the quiet teams with tidy data outperform the loud ones with big plans.",
    "A shared glossary of ten terms prevents most of the arguments we are asked to referee.",
    "The calendar is the real strategy: what gets a recurring slot gets done.",
    "Momentum fades fast when nobody reports progress back to the people who did the work.",
    "Run the numbers for a typical deal of your own, not for an industry average.",
    "When a {role} says the leads are poor, ask for three examples and look at them together.",
    "Customers forgive a slow reply more readily than a wrong one.",
]

TOPIC_SENTENCES = {
    "cost": [
        "A typical engagement for {audience} costs between {price_range}, depending on scope.",
        "The biggest cost is rarely the invoice; it is the time your {role} spends in workshops and reviews.",
        "We price {subject} as a fixed fee, because open-ended day rates make budget holders nervous.",
        "Licences for {tool} start small but grow quickly as you add seats.",
        "Plan for around {pct} percent of the budget to go on internal time rather than external fees.",
        "Cheaper options exist, but they usually leave the hard part, the change in habits, to you.",
        "Ask any supplier to separate one-off setup costs from ongoing fees.",
        "Over a year, the running costs of {subject} often exceed the initial project cost.",
        "If the budget is tight, cut scope rather than quality: one team done well beats three done badly.",
        "A useful sanity check is the cost per qualified opportunity before and after.",
        "Quotes we have seen for {subject} range between {price_range} for similar scopes.",
        "The invoice is predictable; the hours your own team spends are not, so estimate both.",
        "Payment in stages, tied to agreed milestones, keeps everyone honest.",
        "Ask what is excluded from the quote before you ask what is included.",
    ],
    "problems": [
        "The most common failure we see is a process that only one person understands.",
        "When {a_subject} stalls, it is usually because nobody has the authority to make a final call.",
        "Leads go cold in the gap between marketing handing them over and sales picking them up.",
        "Sales teams stop trusting marketing data after the first few bad leads, and that trust is slow to rebuild.",
        "The symptoms are familiar: missed targets, finger-pointing and a growing pile of unworked leads.",
        "Often the problem is not effort but a mismatch in what each team thinks a good customer looks like.",
        "Changing the tool rarely fixes a problem that started with unclear ownership.",
        "Watch for reports that nobody reads; they are a sign that the metric no longer matters to anyone.",
        "A drop in {metric} is usually the first visible sign, months after the real problem began.",
        "Blame is the loudest symptom and the least useful one to treat.",
        "Problems with {subject} tend to surface at the {activity}, long after they started.",
        "The fix usually starts with an uncomfortable conversation between the {role} and the {role2}.",
    ],
    "comparisons": [
        "Neither option is better in general; the right choice depends on your deal size and sales cycle.",
        "{Option_a} tends to suit teams with a clear target list, while {option_b} suits broader markets.",
        "We have run both for {audience}, and the results were closer than the vendors suggest.",
        "The hidden difference is the effort needed from your own team each week.",
        "{Option_a} is faster to start; {option_b} usually pays off over a longer horizon.",
        "If you can only afford one, pick the one your sales team will actually use.",
        "Compare them on cost per qualified opportunity, not on cost per lead.",
        "Switching later is possible but expensive, so run a short trial of each first.",
        "Clients who chose {option_b} mostly did so for control rather than cost.",
        "On paper {option_a} looks cheaper; in practice the totals converge after about a year.",
    ],
    "reviews": [
        "We have used {product} with {n} clients over the last two years.",
        "{Product} does the basics well, but reporting needs work.",
        "Setup took about {weeks} weeks, most of it spent cleaning existing data.",
        "Support was responsive, though answers sometimes came from a script rather than an expert.",
        "Pricing is clear at the entry level and harder to predict as you add seats.",
        "The integration with the CRM is the feature our clients mention most often.",
        "{Product} is a good fit for {audience}; larger teams may find the permissions model limiting.",
        "Our overall verdict: worth a trial, but negotiate the contract length.",
        "The mobile app is usable for quick updates but not for real work.",
        "Exports are complete and well documented, which makes leaving easier than with most rivals.",
    ],
    "best": [
        "We judged each option on ease of setup, cost for a team of ten and fit with a shared sales and marketing process.",
        "Our shortlist changes every year, so check the date on this article.",
        "The best choice for {audience} is usually the simplest one that covers the basics.",
        "We left out options that only made sense for enterprise budgets.",
        "Every option here has a free trial; use it with real data, not the demo account.",
        "If two options look equal, pick the one with better support in your time zone.",
        "We have no commercial relationship with any of the suppliers listed.",
        "Rankings matter less than fit, so read the notes under each entry.",
    ],
    "how-to": [
        "Start by writing down the current process exactly as it happens, not as it should happen.",
        "Agree the definition in a single meeting with both teams in the room.",
        "Put the agreement in writing and link to it from the CRM.",
        "Run the new process for {weeks} weeks before changing anything.",
        "Assign one owner for each step, by name rather than by team.",
        "Review the first twenty cases together and adjust the rules.",
        "Keep a short log of exceptions; they tell you where the rules are wrong.",
        "Once it works for one team, write it down as a one-page guide before rolling it out.",
        "Book the follow-up meeting before the first one ends.",
        "Expect the second attempt to go much faster than the first.",
    ],
}

# Two-part sentences, "<condition>, <consequence>.", paired by tone so they make sense.
CONDITIONALS = {
    "bad": (
        [
            "when the {role} is not in the room",
            "if the CRM data is more than a {period} old",
            "when targets change mid-{period}",
            "if marketing reports leads but sales reports revenue",
            "if nobody owns the follow-up",
            "if the budget is set before the goal",
            "when the {activity} turns into a status update",
            "when every team keeps its own spreadsheet",
        ],
        [
            "decisions drift and {metric} drifts with them",
            "the same argument returns every {period}",
            "sales quietly builds its own lead list",
            "the useful insights stay in someone's inbox",
            "the project loses its sponsor",
            "everyone works harder and achieves less",
            "reporting turns into a negotiation",
            "the handover becomes a formality rather than a conversation",
        ],
    ),
    "good": (
        [
            "when both teams agree the definitions first",
            "if the brief fits on one page",
            "when the {role} chairs the {activity}",
            "if the pilot ends on a fixed date",
            "when customer questions drive the content plan",
            "if every lead has a named owner",
            "when results are shared with both teams at once",
            "if the first goal is modest",
        ],
        [
            "the results are easy to explain to the board",
            "the team spots problems weeks earlier",
            "the first results arrive sooner than expected",
            "{metric} tends to improve within a {period}",
            "the sales team starts asking for more",
            "the budget conversation gets much easier",
            "arguments about attribution mostly disappear",
            "new starters pick up the process quickly",
        ],
    ),
}

OPENERS = [
    "In practice, ",
    "That said, ",
    "Put simply, ",
    "For example, ",
    "Equally, ",
    "More often than not, ",
    "In our experience, ",
    "Frankly, ",
    "Over time, ",
]

INTRO_SENTENCES = [
    "Clients ask us some version of this question almost every week.",
    "This is one of the questions we hear most often on first calls.",
    "We get asked this a lot, so here is the long answer.",
    "The short answer is that it depends, and this article explains on what.",
    "Here is what we have learned from working on {subject} with {audience}.",
    "We wrote this after the same question came up in three sales calls in one week.",
    "The answer changed for us over the last {n} projects, so we have rewritten this article.",
]

QUESTION_INTRO = [
    'A {role} put it to us directly: "{question}"',
    'The question usually arrives in exactly these words: "{question}"',
    'We hear "{question}" from {audience} more than from anyone else.',
]

QUESTION_HEADINGS = [
    "What does it cost?",
    "Why does it go wrong?",
    "Who should own it?",
    "How long does it take?",
    "Is it worth it?",
    "What should you ask a supplier?",
    "What do customers ask first?",
    "How do you measure success?",
    "Where should you start?",
    "What would we do differently?",
    "Which option suits a small team?",
    "What happens after launch?",
    "Does it work for {audience}?",
    "When is it not worth it?",
]

STATEMENT_HEADINGS = [
    "The short answer",
    "What we found",
    "Where the money goes",
    "A worked example",
    "Common mistakes",
    "How we approach it",
    "What our clients told us",
    "Before you start",
    "Measuring the results",
    "The verdict",
    "Our shortlist",
    "Step by step",
    "Next steps",
    "Key takeaways",
    "The numbers",
    "What changed for {audience}",
    "A note on tools",
    "Getting the sales team on board",
]

BULLETS = {
    "general": [
        "Agree one definition of a qualified lead",
        "Name an owner for every step",
        "Review {metric} every {period}",
        "Keep the CRM fields to a minimum",
        "Write decisions down the same day",
        "Invite the {role} to the {activity}",
        "Set a review date before you start",
        "Share results with both teams at once",
        "Start with one team and one region",
        "Collect customer questions from sales calls",
    ],
    "cost": [
        "Setup fee, usually one-off",
        "Licences, per seat and per year",
        "Internal time for the {role}",
        "Training and onboarding",
        "Data cleaning before launch",
        "A contingency of {pct} percent",
    ],
    "problems": [
        "Leads that sit untouched for days",
        "Reports nobody opens",
        "Targets set without sales input",
        "Duplicate records in the CRM",
        "Campaigns launched without a follow-up plan",
        "Arguments about attribution at every {activity}",
    ],
    "comparisons": [
        "Time to first result",
        "Effort needed from your team",
        "Cost over three years",
        "Fit with a long sales cycle",
        "How easy it is to stop",
        "Control over the message",
    ],
    "reviews": [
        "Setup: about {weeks} weeks",
        "Support: responsive, occasionally scripted",
        "Reporting: adequate, not flexible",
        "Pricing: clear at first, rises with seats",
        "Integrations: the strongest feature",
        "Exports: complete and documented",
    ],
    "best": [
        "{tool}: best for small teams",
        "{tool}: best for reporting",
        "{tool}: best value",
        "{tool}: easiest to set up",
        "{tool}: best support",
        "{tool}: most flexible",
    ],
    "how-to": [
        "Write down the current process",
        "Agree the definition together",
        "Pick one owner per step",
        "Run it for {weeks} weeks",
        "Review twenty real cases",
        "Publish a one-page guide",
    ],
}

CUSTOMER_QUOTES = [
    "We argued about lead definitions every quarter.",
    "Our sales team stopped opening the marketing report after the second month.",
    "Nobody could tell me which campaign actually produced the deals we closed.",
    "The workshop cost less than one lost deal, which made the decision easy.",
    "We bought the tool first and spent a year trying to make the process fit it.",
    "Once we agreed what a qualified lead was, the arguments just stopped.",
    "Honestly, the price was fine. The time it took from my team was the real cost.",
    "I wanted one number I could take to the board, not twelve dashboards.",
    "Our reps trusted a phone call from a customer more than any lead score.",
    "The onboarding was quick, but the reporting never did what we needed.",
    "We compared three agencies and chose the one that asked the most questions.",
    "It took two quarters before the sales team believed the new numbers.",
    "We were paying for seats nobody used.",
    "The case studies did more for our pipeline than any ad campaign.",
    "I still don't know who owns the website, and that is the problem.",
    "Leads sat untouched for a week because nobody knew whose turn it was.",
    "We went with the cheaper option and regretted it within six months.",
    "Our customers kept asking the same three questions, and our website answered none of them.",
    "When marketing joined the pipeline review, the tone of the meeting changed.",
    "The switch was painful, but we would do it again.",
    "We spent more on the trade show stand than on the follow-up, and it showed.",
    "What sold it for us was seeing our own data in the demo.",
    "Support answered within the hour, which mattered more than any feature.",
    "Our biggest surprise was how much the sales team wanted to be involved.",
    "Pricing looked simple until we added a second team.",
    "We thought we had a lead problem. We had a follow-up problem.",
    "Every quarter we rebuilt the same spreadsheet from scratch.",
    "The free trial convinced the sales team; the contract convinced finance.",
    "Having one shared definition saved us a meeting every week.",
    "We measured everything and acted on nothing.",
]

QUOTE_FOLLOW_UPS = [
    "It changed how we plan every campaign.",
    "I wish we had done it sooner.",
    "That was the turning point for us.",
    "Nobody wants to go back.",
    "We still talk about it at the start of every planning cycle.",
]

QUOTE_LEAD_INS = [
    "One client summed it up better than we could:",
    "A customer told us this in an interview:",
    "This came up on a sales call last {period}:",
    "We heard the same thing from a {role}:",
    "",
]

EXPERT_QUOTES = [
    "Alignment is not a meeting; it is a shared definition of the customer.",
    "Buyers do most of their research before they ever speak to a salesperson.",
    "A funnel is a model, not a map.",
    "If you cannot name the customer's question, you cannot write the answer.",
    "The best content is the answer a good salesperson gives on a call, written down.",
    "Every handover is a chance to lose the customer's trust.",
    "Price is only an objection when value is unclear.",
    "Measure the outcome your customer cares about first, and your own outcomes second.",
]

# Non-customer voices: (name, attribution after the comma; Markdown allowed).
EXPERTS = [
    ("Margaret Okafor", "*The Shared Pipeline*"),
    ("Julian Hart", "*Selling to Committees*"),
    ("Elena Marsh", "*Positioning for Small Firms*"),
    ("Owen Pryce", "*The Honest Funnel*"),
    ("Nadia Kerr", "*Revenue Without Silos*"),
    ("Samuel Achebe", "*Questions Before Content*"),
    ("Ingrid Solberg", "*The Quiet Sale*"),
    ("Victor Lam", "analyst at Fieldnote Research"),
    ("Rosa Delgado", "keynote at B2B Marketing Live"),
]

# Headline templates by topic, for articles whose title is not the question itself.
TITLES = {
    "cost": [
        "The real cost of {subject} for {audience}",
        "{Subject} pricing: what {n} clients actually paid",
        "What we charge for {subject}, and why",
        "Budgeting for {subject} in {year}",
        "{Subject} on a small budget",
        "{Subject} costs, line by line",
        "Is {a_subject} worth it? The numbers from {n} projects",
        "What {audience} pay for {subject}",
        "Pricing {subject}: a guide for {audience}",
        "How we quote for {subject}",
        "Where the money goes in {subject}",
    ],
    "problems": [
        "Why {a_subject} stalls, and how to restart it",
        "{few} mistakes we see in {subject}",
        "The trouble with {subject} at {audience}",
        "Signs that {a_subject} is not working",
        "When {a_subject} goes wrong: lessons from {n} clients",
        "Fixing {subject} without starting again",
        "What we learned rescuing {subject} at {audience}",
        "The quiet failure of {subject}",
        "{Subject}: the problems nobody mentions",
        "Why {audience} stall on {subject}",
    ],
    "comparisons": [
        "{Option_a} vs {option_b} for {audience}",
        "{Option_a} or {option_b}? What we tell clients",
        "Choosing between {option_a} and {option_b}",
        "{Option_a} vs {option_b}: a {year} comparison",
        "{Option_a} and {option_b} compared for {audience}",
        "{Option_a} against {option_b}: the trade-offs",
        "Picking between {option_a} and {option_b} in {year}",
        "{Option_a} or {option_b} for a team of {few}",
    ],
    "reviews": [
        "{Product} review: {few} months with a real sales team",
        "{Product} after {few} months: an honest review",
        "Our verdict on {product} for {audience}",
        "{Product} in {year}: strengths and gaps",
        "Living with {product}: notes from {n} client rollouts",
        "{Product} for {audience}: our review",
        "What {audience} say about {product}",
        "{Product}, one year on",
    ],
    "best": [
        "The best {category} for {audience} in {year}",
        "{few} {category} we recommend to {audience}",
        "Our {year} shortlist of {category}",
        "{Category} worth a trial this year",
        "Best {category} on a small budget",
        "{Category} we would buy again",
        "Choosing {category}: our {year} picks for {audience}",
        "{Category} for teams of {few} or fewer",
    ],
    "how-to": [
        "How to {task}",
        "How {audience} {task}",
        "A practical guide: how to {task}",
        "{few} steps to {task}",
        "How we help clients {task}",
        "A checklist: how to {task}",
        "What it takes to {task}",
        "The {year} playbook: how to {task}",
    ],
    "other": [
        "Who owns {subject}? A practical answer",
        "{Subject} timelines: what to expect",
        "When to hire {hire}: signs from {n} clients",
        "Getting started with {subject}",
        "{Subject} for {audience}: a field guide",
        "Hiring {hire}: what {audience} should know",
        "A first look at {subject} for {audience}",
        "Questions to settle before {subject}",
    ],
}

# Tried in turn when every headline for an article is already taken.
TITLE_SUFFIXES = [", revisited", " ({year} update)", ": a second look", ": what changed in {year}"]

# Titles for posts that answer no customer question (announcements, news, notes).
NO_QUESTION_TITLES = [
    "Notes from our {year} client survey",
    "Team news: {few} new colleagues this {period}",
    "Our {year} year in review",
    "{Subject}: a field guide",
    "Ten lessons from {few} years of {subject}",
    "Inside our {activity}",
    "Reading list: {subject}",
    "A new service from us: {subject}",
    "Behind the scenes: {subject} for {audience}",
    "We are hiring: {hire}",
    "Highlights from our {year} client day",
    "Office hours for {audience}",
]

SUMMARIES = [
    "What {n} client projects taught us about {subject}.",
    "A practical answer for {audience}, with numbers from our own work.",
    "{Subject}: costs, trade-offs and what our clients wish they had known.",
    "Our honest view of {subject}, based on conversations with {n} customers.",
    "The short version of a question we answer on almost every sales call.",
    "Lessons on {subject} for {audience}, from the people who did the work.",
    "Where {a_subject} pays off, where it does not, and how to tell the difference.",
]

CODE_INTROS = [
    "Here is the starting point we give clients:",
    "A simplified version of what we use:",
    "For the technically minded, this is the rule set in full:",
]

CODE_BLOCKS = [
    (
        "yaml",
        "lead_score:\n  job_title_contains: [director, head, vp]   # +{n}\n"
        "  visited_pricing_page: true                # +15\n"
        '  company_size: "50-500"                    # +10\n'
        "  opened_last_email: true                   # +5\n"
        "threshold: {pct}",
    ),
    (
        "sql",
        "SELECT stage, COUNT(*) AS deals, SUM(amount) AS value\n"
        "FROM opportunities\n"
        "WHERE created_at >= DATE '{year}-01-01'\n"
        "GROUP BY stage\n"
        "ORDER BY value DESC;",
    ),
    (
        "text",
        "utm_source=linkedin\n"
        "utm_medium=paid-social\n"
        "utm_campaign={year}-q{quarter}-{campaign}\n"
        "utm_content=question-led-ad",
    ),
    (
        "python",
        "def handover_due(lead, hours={n}):\n"
        '    """True when marketing\'s lead has waited too long for sales."""\n'
        "    return lead.age_hours() > hours and lead.owner is None",
    ),
    (
        "text",
        '=IFERROR(COUNTIFS(Stage, "Won", Source, "Content") / COUNTIFS(Source, "Content"), 0)',
    ),
]

CAMPAIGNS = ["alignment", "pricing-guide", "webinar-series", "case-study-push", "roundtable"]

ABOUT_PAGE = """Title: About
Summary: Who writes this blog and why every post starts with a customer question.

We are a small consultancy that helps B2B sales and marketing teams work as one.
Everything on this blog starts with a question a customer asked us, on a call, in a
workshop or in a support ticket.

## How we write

- Every article answers one real customer question.
- Every claim is backed by what customers told us, with their consent.
- Quotes name the kind of customer, never the person, unless they asked to be named.

## Get in touch

Write to us if you have a question you would like answered here.
"""
