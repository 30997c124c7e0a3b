/* Front page: what changed since this browser's last visit (kept in localStorage,
   never sent anywhere) and keyboard navigation between stories (j / k, /). */
(function () {
  "use strict";
  var KEY = "newsdesk:front:v1";
  var MAX_KEPT = 3000;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || null;
    } catch (err) {
      return null;
    }
  }

  function counts(card) {
    return [+card.getAttribute("data-articles"), +card.getAttribute("data-origins"),
            +card.getAttribute("data-conflicts")];
  }

  function describe(before, now) {
    var parts = [];
    var names = ["article", "origin", "conflict"];
    for (var i = 0; i < 3; i++) {
      var delta = now[i] - before[i];
      if (delta > 0) {
        parts.push("+" + delta + " " + names[i] + (delta === 1 ? "" : "s"));
      }
    }
    return parts.join(", ");
  }

  function markChanges(cards, previous) {
    var fresh = 0, updated = 0;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i], id = card.getAttribute("data-story");
      var label = card.querySelector(".changed");
      var before = previous.stories[id];
      var text = before ? describe(before, counts(card)) : "new since your last visit";
      if (!text) {
        continue;
      }
      before ? updated++ : fresh++;
      label.textContent = text;
      label.hidden = false;
      card.classList.add("is-changed");
    }
    var summary = document.getElementById("since-visit");
    if (summary) {
      summary.textContent = "Since your last visit (" + previous.at.slice(0, 16).replace("T", " ") + " UTC): " +
        fresh + " new, " + updated + " updated on this page.";
      summary.hidden = false;
    }
  }

  function save(cards, previous) {
    var stories = previous ? previous.stories : {};
    for (var i = 0; i < cards.length; i++) {
      stories[cards[i].getAttribute("data-story")] = counts(cards[i]);
    }
    var ids = Object.keys(stories);
    for (var j = 0; j < ids.length - MAX_KEPT; j++) {
      delete stories[ids[j]];
    }
    try {
      window.localStorage.setItem(KEY, JSON.stringify({at: new Date().toISOString(), stories: stories}));
    } catch (err) {
      /* storage full or disabled: nothing to remember */
    }
  }

  function keyboard(links) {
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (event.altKey || event.ctrlKey || event.metaKey || tag === "input" || tag === "textarea") {
        return;
      }
      if (event.key === "/") {
        event.preventDefault();
        document.querySelector(".top input[type=search]").focus();
        return;
      }
      if (event.key !== "j" && event.key !== "k") {
        return;
      }
      var at = Array.prototype.indexOf.call(links, document.activeElement);
      var next = event.key === "j" ? at + 1 : (at < 0 ? links.length - 1 : at - 1);
      if (next >= 0 && next < links.length) {
        event.preventDefault();
        links[next].focus();
      }
    });
  }

  var cards = document.querySelectorAll(".story-card[data-story]");
  var previous = load();
  if (previous && previous.stories && previous.at) {
    markChanges(cards, previous);
  }
  save(cards, previous);
  keyboard(document.querySelectorAll(".story-card a.title"));
})();
