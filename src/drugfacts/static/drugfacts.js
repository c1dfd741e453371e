// The pages of `drugfacts serve`: runs the home page's saved questions and the query page's
// SPARQL in place, and shows the answer as a table (SPARQL JSON) or as text (other formats).
// Without JavaScript the same forms submit to the server, which answers with an HTML page.
"use strict";

const BASE = "https://w3id.org/drugfacts/";
const TABLE = "application/sparql-results+json";

function termCell(term) {
  const cell = document.createElement("td");
  if (!term) return cell;
  if (term.type === "uri") {
    const ours = term.value.startsWith(BASE);
    const link = document.createElement("a");
    link.href = ours ? "/" + term.value.slice(BASE.length) : term.value;
    link.textContent = ours ? term.value.slice(BASE.length) : term.value;
    cell.append(link);
  } else {
    cell.textContent = term.value;
  }
  return cell;
}

function answerTable(answer) {
  if ("boolean" in answer) {
    const text = document.createElement("p");
    text.textContent = String(answer.boolean);
    return [text, 1];
  }
  const table = document.createElement("table");
  table.className = "answer";
  const head = table.createTHead().insertRow();
  for (const name of answer.head.vars) {
    const cell = document.createElement("th");
    cell.textContent = name;
    head.append(cell);
  }
  const body = table.createTBody();
  for (const binding of answer.results.bindings) {
    const row = body.insertRow();
    for (const name of answer.head.vars) row.append(termCell(binding[name]));
  }
  return [table, answer.results.bindings.length];
}

async function show(output, url, init) {
  output.dataset.state = "running";
  output.textContent = "running…";
  try {
    const response = await fetch(url, init);
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    let content;
    let count = "";
    if (!response.ok) {
      content = document.createElement("p");
      content.className = "error";
      content.textContent = `${response.status}: ${await response.text()}`;
    } else if (type === TABLE) {
      [content, count] = answerTable(await response.json());
    } else {
      content = document.createElement("pre");
      content.textContent = await response.text();
    }
    const summary = document.createElement("p");
    summary.className = "sources";
    summary.textContent = response.ok ? (count === "" ? type : `${count} ${count === 1 ? "row" : "rows"}`) : "";
    output.replaceChildren(summary, content);
    output.dataset.state = response.ok ? "done" : "failed";
  } catch (error) {
    output.textContent = `the server did not answer: ${error}`;
    output.dataset.state = "failed";
  }
}

for (const form of document.querySelectorAll("form[data-question]")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const parameters = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (value.trim()) parameters.append(name, value.trim());
    }
    show(form.nextElementSibling, `${form.action}?${parameters}`,
         {headers: {Accept: `${TABLE}, text/turtle;q=0.9`}});
  });
}

const sparql = document.getElementById("sparql");
if (sparql) {
  sparql.addEventListener("submit", (event) => {
    event.preventDefault();
    show(sparql.nextElementSibling, sparql.action, {
      method: "POST",
      body: new URLSearchParams({query: sparql.elements.query.value}),
      // the format chosen; a query of the other kind gets a table or Turtle
      headers: {Accept: `${sparql.elements.format.value}, ${TABLE};q=0.5, text/turtle;q=0.5`},
    });
  });
}
