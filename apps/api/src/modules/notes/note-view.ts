import type { NoteDetail, NoteSummary } from '@mentalspace/contracts';
import type { AccessScope } from '../../security/access-scope';
import type { PhiCipher } from '../../security/encryption/phi-cipher';
import { canReadClinicalContent, canWriteClinical } from '../../security/policy';
import { bound, openContent } from './note-content';
import type { NoteRow, NoteSummaryRow, noteHistory } from './note-repo';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The list shape; the supervisor's return comment only for those who read clinical content. */
export function summaryView(phi: PhiCipher, scope: AccessScope, r: NoteSummaryRow): NoteSummary {
  const clinical = canReadClinicalContent(scope);
  return {
    ...r,
    type: r.type as NoteSummary['type'],
    template: r.template as NoteSummary['template'],
    signedAt: iso(r.signedAt),
    cosignedAt: iso(r.cosignedAt),
    cosignerName: r.cosignerName ?? null,
    returnedComment:
      clinical && r.returnedComment ? phi.decrypt(r.returnedComment, bound.returnedComment(r.id)) : null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function detailView(
  phi: PhiCipher,
  scope: AccessScope,
  row: NoteRow,
  history: Awaited<ReturnType<typeof noteHistory>>,
  supervisorIds: readonly string[],
): NoteDetail {
  const clinical = canReadClinicalContent(scope);
  const isAuthor = row.authorId === scope.actorUserId;
  return {
    ...summaryView(phi, scope, row),
    content: clinical ? openContent(phi, row.id, row.content) : null,
    signatureHash: row.signatureHash,
    addenda: history.addenda.map((a) => ({
      ...a,
      body: clinical ? phi.decrypt(a.body, bound.addendum(a.id)) : '',
      createdAt: a.createdAt.toISOString(),
    })),
    revisions: history.revisions.map((r) => ({
      ...r,
      comment: clinical && r.comment ? phi.decrypt(r.comment, bound.revisionComment(r.id)) : null,
      createdAt: r.createdAt.toISOString(),
    })),
    can: {
      edit: isAuthor && row.status === 'draft',
      sign: isAuthor && row.status === 'draft',
      cosign: row.status === 'awaiting_cosign' && !isAuthor && supervisorIds.includes(scope.actorUserId),
      addendum: canWriteClinical(scope) && row.status !== 'draft',
    },
  };
}
