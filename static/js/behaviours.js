// Behaviours declared in the markup: the Content-Security-Policy runs scripts from files only, so pages carry
// data attributes instead of inline handlers.
//   data-confirm="…"          on a form or a button: ask before sending
//   data-autosubmit           on a form or a field: send the form when a field changes ("request": through its
//                             submit event, so that HTMX sends it; otherwise a plain page load)
//   data-shows-in="id"        on an input: show its value in the element with that id (a range slider's number)
//   data-navigate-param="p"   on a select: open ?p=<value>
//   data-replace-url="/x/"     on any element: the address bar shows /x/ (a refused upload rendered at its POST
//                              address: a refresh opens the page instead of sending the file again)
//   data-copy-from="id"       on a button: copy the value of that field to the clipboard
//   data-ticks="id" data-ticks-when="a b"  on a select: choosing a or b ticks the checkbox with that id
// And, with no attribute: a table wider than the screen (.table-responsive that scrolls) can be reached and scrolled
// from the keyboard (WCAG 2.1.1).
(function () {
  function cancel(event) { event.preventDefault(); event.stopImmediatePropagation(); }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) cancel(event);
  }, true);

  document.addEventListener("click", function (event) {
    const asking = event.target.closest("button[data-confirm], a[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) { cancel(event); return; }
    const copy = event.target.closest("[data-copy-from]");
    if (copy) {
      const source = document.getElementById(copy.dataset.copyFrom);
      if (source && navigator.clipboard) navigator.clipboard.writeText(source.value);
    }
  }, true);

  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field.dataset && field.dataset.ticks) {
      const box = document.getElementById(field.dataset.ticks);
      if (box && (field.dataset.ticksWhen || "").split(" ").indexOf(field.value) >= 0) box.checked = true;
    }
    if (field.dataset && field.dataset.navigateParam) {
      window.location = "?" + encodeURIComponent(field.dataset.navigateParam) + "=" + encodeURIComponent(field.value);
      return;
    }
    const marked = field.closest("[data-autosubmit]");
    if (!marked) return;
    const form = marked.tagName === "FORM" ? marked : marked.form;
    if (!form) return;
    if (marked.dataset.autosubmit === "request" && form.requestSubmit) form.requestSubmit();
    else form.submit();
  });

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!field.dataset || !field.dataset.showsIn) return;
    const shown = document.getElementById(field.dataset.showsIn);
    if (shown) shown.value = field.value;
  });

  function focusableScrolling() {
    document.querySelectorAll(".table-responsive").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1) {
        if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "0");
        if (!region.hasAttribute("role")) region.setAttribute("role", "region");
        if (!region.hasAttribute("aria-label")) region.setAttribute("aria-label", "Таблица, прокручивается");
      }
    });
  }
  focusableScrolling();
  window.addEventListener("resize", focusableScrolling);
  // a table that arrives by HTMX (the forecast's results, a filtered list) is checked when it settles
  document.addEventListener("htmx:afterSettle", focusableScrolling);

  const replaced = document.querySelector("[data-replace-url]");
  if (replaced && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", replaced.dataset.replaceUrl);
  }
})();
