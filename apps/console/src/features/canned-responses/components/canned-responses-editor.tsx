import type { CannedResponse } from '@babillard/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../../components/ui/toaster';
import { errorMessage } from '../../../lib/api-client';
import { useCannedResponseMutations, useCannedResponsesList } from '../api/canned-responses';
import { CannedResponseForm } from './canned-response-form';

/** The workspace's canned responses: everyone sees them; leads and admins add, edit and delete. */
export function CannedResponsesEditor({ workspaceId, canEdit }: { workspaceId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const list = useCannedResponsesList(workspaceId);
  const { create, update, remove } = useCannedResponseMutations(workspaceId);
  const [editing, setEditing] = useState<string | null>(null);
  const items = list.data ?? [];

  const onRemove = (c: CannedResponse) =>
    remove.mutate(c, {
      onSuccess: () => toast(t('cannedEditor.deleted', { shortcut: c.shortcut })),
      onError: (err) => toast(errorMessage(err), 'error'),
    });

  return (
    <section className="canned-editor" aria-labelledby="canned-editor-title">
      <h2 id="canned-editor-title">{t('cannedEditor.title')}</h2>
      <p className="muted">{t('cannedEditor.intro')}</p>
      {!canEdit && <p className="muted small">{t('cannedEditor.readOnly')}</p>}
      {list.isError && <p role="alert" className="form-error">{errorMessage(list.error)}</p>}
      {list.isSuccess && !items.length && <p className="muted">{t('cannedEditor.empty')}</p>}
      <ul className="plain canned-editor__list">
        {items.map((c) =>
          editing === c.id ? (
            <li key={c.id}>
              <CannedResponseForm
                initial={c}
                submitLabel={t('cannedEditor.save')}
                busy={update.isPending}
                error={update.isError ? errorMessage(update.error) : null}
                onCancel={() => setEditing(null)}
                onSubmit={(body) =>
                  update.mutateAsync({ id: c.id, body }).then((saved) => {
                    setEditing(null);
                    toast(t('cannedEditor.saved', { shortcut: saved.shortcut }));
                  })
                }
              />
            </li>
          ) : (
            <li key={c.id} className="canned-editor__item" data-testid={`canned-${c.shortcut}`}>
              <code>/{c.shortcut}</code>
              <span className="chip">{c.locale ? t(`settings.locales.${c.locale}`) : t('cannedEditor.anyLocale')}</span>
              <span className="canned-editor__text">{c.text}</span>
              {canEdit && (
                <span className="canned-editor__buttons">
                  <button type="button" className="btn btn--small" aria-label={t('cannedEditor.edit', { shortcut: c.shortcut })} onClick={() => { update.reset(); setEditing(c.id); }}>
                    {t('cannedEditor.editButton')}
                  </button>
                  <button type="button" className="btn btn--small" aria-label={t('cannedEditor.delete', { shortcut: c.shortcut })} disabled={remove.isPending} onClick={() => onRemove(c)}>
                    {t('cannedEditor.deleteButton')}
                  </button>
                </span>
              )}
            </li>
          ),
        )}
      </ul>
      {canEdit && (
        <CannedResponseForm
          submitLabel={t('cannedEditor.add')}
          busy={create.isPending}
          error={create.isError ? errorMessage(create.error) : null}
          onSubmit={(body) => create.mutateAsync(body).then((c) => toast(t('cannedEditor.added', { shortcut: c.shortcut })))}
        />
      )}
    </section>
  );
}
