import type { ConversationDetail } from '@babillard/contracts';
import { useTranslation } from 'react-i18next';
import { ExternalLink, SafeText } from '../../../components/ui/safe-text';

/** What the customer was answering: the post under a comment, the mention, or the DM history below. */
export function ThreadContext({ conversation: c }: { conversation: ConversationDetail }) {
  const { t } = useTranslation();
  if (c.kind === 'comment') {
    return (
      <section className="context" aria-label={t('context.post')}>
        <h3>{t('context.commentOn')}</h3>
        {c.post ? (
          <blockquote>
            <SafeText text={c.post.text ?? t('context.postWithoutText')} />
            {c.post.permalink && (
              <div>
                <ExternalLink href={c.post.permalink}>{t('context.openPost')}</ExternalLink>
              </div>
            )}
          </blockquote>
        ) : (
          <p className="muted">{t('context.postUnavailable')}</p>
        )}
      </section>
    );
  }
  return (
    <section className="context" aria-label={t(`context.${c.kind}`)}>
      <h3>{t(`context.${c.kind}`)}</h3>
      {c.post && (
        <blockquote>
          <SafeText text={c.post.text} />
        </blockquote>
      )}
    </section>
  );
}
