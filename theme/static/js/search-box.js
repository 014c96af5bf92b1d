// The header's search form (partials/search.html): shown in place of the link to
// the question hub once JavaScript runs. Loads nothing else; the search page does.
for (const box of document.querySelectorAll(".site-search")) {
  const form = box.querySelector("form");
  const link = box.querySelector(".site-search-link");
  if (form && link) {
    form.hidden = false;
    link.hidden = true;
  }
}
