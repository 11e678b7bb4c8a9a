// A form with data-confirm asks the question before it is sent (an inline onsubmit would be refused by
// the Content-Security-Policy). Without JavaScript the form is sent as it is.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
