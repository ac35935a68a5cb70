import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import { ProblemAlert } from '../../components/problem-alert';
import { useDeleteException } from './exceptions-api';
import type { Exception } from './types';

/**
 * "Delete this exception?" as a modal dialog (focus stays inside, Escape cancels). The delete names the version
 * shown (If-Match): when someone changed it meanwhile the user is told and sees the reloaded list instead.
 */
export function DeleteDialog(props: { exception: Exception; onDeleted: (e: Exception) => void; onClose: () => void }) {
  const { exception: e, onDeleted, onClose } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const remove = useDeleteException();

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function confirm() {
    try {
      await remove.mutateAsync(e);
      onDeleted(e);
    } catch {
      // Shown below from remove.error.
    }
  }

  const changed = remove.error instanceof ApiError && remove.error.code === 'precondition-failed';
  const waives = e.rules.includes('*') ? 'every rule' : e.rules.join(', ');
  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby="delete-title"
      aria-describedby="delete-what"
      onClose={onClose}
    >
      <h2 id="delete-title">Delete exception {e.name}?</h2>
      <p id="delete-what">
        Findings of {waives} that it waives count towards verdicts again from the next evaluation. The rules and
        recorded evaluations stay as they are.
      </p>
      {changed ? (
        <p role="alert" class="alert">
          Someone changed this exception since the list was loaded, so it was not deleted. The list now shows the
          current version: check it and delete again if it still should go.
        </p>
      ) : (
        <ProblemAlert error={remove.error} title="Not deleted." />
      )}
      <div class="row">
        <button type="button" class="danger" onClick={confirm} disabled={remove.isPending || changed}>
          {remove.isPending ? 'Deleting…' : 'Delete exception'}
        </button>
        <button type="button" class="secondary" onClick={() => dialog.current?.close()} autoFocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
