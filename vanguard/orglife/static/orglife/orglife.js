// "All present": tick the first button of every person on the attendance form.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-vg-all]");
  if (!button) return;
  const value = button.dataset.vgAll;
  button.closest("form").querySelectorAll(`input[type=radio][value="${value}"]`).forEach((input) => { input.checked = true; });
});
