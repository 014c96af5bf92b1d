// The search page (templates/search.html): Pagefind's JS API, loaded from the site's
// own bundle only here, with a small accessible results list. Every text from the
// index goes in as text; an excerpt keeps only Pagefind's <mark> highlights.

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const selects = [...form.querySelectorAll("select[data-filter]")];
const SHOWN = 20; // results rendered per search; the status gives the full count

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Pagefind's excerpt is HTML: its text escaped, the matches in <mark>. Parse it inert
// and rebuild it from text nodes and <mark>s alone, whatever it holds.
function excerpt(html) {
  const out = element("p", "search-excerpt");
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") out.append(element("mark", "", node.textContent));
    else out.append(document.createTextNode(node.textContent));
  }
  return out;
}

// "What does X cost?" and "What does X cost" read the same: letters and digits only.
const squash = (text) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

function result(data) {
  const item = element("li", "search-result");
  const heading = element("h2");
  const link = element("a", "", data.meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(heading);
  if (data.meta.question && squash(data.meta.question) !== squash(link.textContent)) {
    const answers = element("p", "answers");
    answers.append(element("span", "answers-label", "Answers: "), data.meta.question);
    item.append(answers);
  }
  item.append(excerpt(data.excerpt || ""));
  return item;
}

function chosenFilters() {
  const filters = {};
  for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
  return filters;
}

function describe(count, query, filters) {
  const what = count === 1 ? "1 result" : `${count} results`;
  const scope = Object.values(filters).map((v) => ` in ${v}`).join("");
  return query ? `${what} for “${query}”${scope}` : `${what}${scope}`;
}

function fillFilters(available, params) {
  for (const select of selects) {
    const values = available[select.dataset.filter] || {};
    for (const name of Object.keys(values).sort()) {
      const option = element("option", "", name);
      option.value = name;
      select.append(option);
    }
    select.value = params.get(select.name) || "";
    select.closest("p").hidden = Object.keys(values).length === 0;
  }
}

function remember(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

// The path of a URL of the site (absolute in publish builds), on this very host: the
// bundle is always fetched from where the page came from.
function onThisHost(url) {
  return new URL(new URL(url, location.href).pathname, location.origin);
}

async function start() {
  let pagefind;
  try {
    pagefind = await import(new URL("pagefind.js", onThisHost(form.dataset.bundle)));
    await pagefind.options({ baseUrl: onThisHost(form.dataset.base).pathname });
    await pagefind.init();
  } catch {
    status.textContent = "Search is not available on this copy of the site.";
    return; // the fallback links stay
  }
  const params = new URLSearchParams(location.search);
  fillFilters(await pagefind.filters(), params);
  input.value = params.get("q") || "";
  document.getElementById("search-fallback").hidden = true;
  form.hidden = false;

  let latest = 0;
  async function run() {
    const query = input.value.trim();
    const filters = chosenFilters();
    remember(query, filters);
    const ticket = ++latest;
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "Type a word or choose a category or stage.";
      return;
    }
    const found = await pagefind.search(query || null, { filters });
    const page = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    if (ticket !== latest) return; // a newer search has started
    list.replaceChildren(...page.map(result));
    const more = found.results.length > SHOWN ? `; the first ${SHOWN} are shown` : "";
    status.textContent = describe(found.results.length, query, filters) + more;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  for (const select of selects) select.addEventListener("change", run);
  if (input.value || Object.keys(chosenFilters()).length) run();
  else status.textContent = "Type a word or choose a category or stage.";
}

start();
