// Signing from the page editor (documents/signing_hooks.py): open the workflow action dialog
// the dashboard uses. It signs the revision in review and never posts (saves) the edit form.
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-documents-signing-dialog]');
  if (!button) {
    return;
  }
  event.preventDefault();
  event.stopPropagation();
  window.ModalWorkflow({
    url: button.dataset.documentsSigningDialog,
    onload: {
      action(modal) {
        modal.ajaxifyForm(window.jQuery('form', modal.body));
      },
      success(modal, json) {
        window.location.href = json.redirect;
      },
    },
  });
});
