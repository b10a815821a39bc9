/* The feedback form with htmx: show the server's explanation when a rating is refused, and never
   lose what was typed. htmx swaps only 2xx answers by default; a repeat within 24 h (409) and the
   rate limit (429) come with a page fragment that explains them, so swap those into the form's
   panel too. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var panel = event.detail.target;
    if ((status === 409 || status === 429) && panel && panel.id === "feedback-panel") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  /* What was typed is kept in this tab (sessionStorage: gone when the tab is closed) until the
     rating is received, so that a lost connection, a reload or a page opened offline loses
     nothing. The form's token and hidden fields are not kept. */
  var KEPT = "input[type=radio], input[type=checkbox], input[type=date], input[type=text], " +
             "input[type=email], input:not([type]), select, textarea";

  function storageKey(form) { return "feedback-draft:" + form.getAttribute("action"); }

  function fields(form) {
    return Array.prototype.filter.call(form.querySelectorAll(KEPT), function (field) {
      return field.name && !field.closest(".hp");
    });
  }

  function save(form) {
    var draft = {};
    fields(form).forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { draft[field.name + "=" + field.value] = true; }
      } else if (field.value) {
        draft[field.name] = field.value;
      }
    });
    try { sessionStorage.setItem(storageKey(form), JSON.stringify(draft)); } catch (error) { /* storage full or off */ }
  }

  function restore(form) {
    var draft;
    try { draft = JSON.parse(sessionStorage.getItem(storageKey(form)) || "null"); } catch (error) { draft = null; }
    if (!draft) { return; }
    fields(form).forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        if (draft[field.name + "=" + field.value]) { field.checked = true; }
      } else if (!field.value && draft[field.name]) {
        field.value = draft[field.name];
      }
    });
  }

  function showConnection(form) {
    var note = form.querySelector("[data-needs-connection]");
    if (note) { note.hidden = navigator.onLine; }
  }

  function setup(root) {
    var forms = root.querySelectorAll ? root.querySelectorAll("form.feedback-form") : [];
    Array.prototype.forEach.call(forms, function (form) {
      if (form.dataset.kept) { return; }
      form.dataset.kept = "1";
      restore(form);
      showConnection(form);
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
      window.addEventListener("online", function () { showConnection(form); });
      window.addEventListener("offline", function () { showConnection(form); });
    });
  }

  /* A rating received (the thanks are about to replace the form, which then leaves the page and
     hears no more events): its draft is dropped. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    var status = event.detail.xhr.status;
    if (form && form.matches && form.matches("form.feedback-form") && status >= 200 && status < 300) {
      try { sessionStorage.removeItem(storageKey(form)); } catch (error) { /* storage off */ }
    }
  });
  document.addEventListener("htmx:load", function (event) { setup(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  } else {
    setup(document);
  }
})();
