import type { Language } from './languages.js'

/**
 * Every fixed word the exports write (the comments matrix in CSV and Word, the Word document's
 * tracked changes and comments), in each of the document's languages. Plain tables, read on the
 * server (i18next-icu does not load under tsx): `{name}` marks what is filled in (exportWord).
 * French follows French typography: a narrow no-break space (U+202F) before a colon and inside guillemets,
 * as the interface's catalogs write it; paragraphs are abbreviated as UN documents do (par., párr.).
 */
const EN = {
  'column.paragraph': 'paragraph',
  'column.delegations': 'delegation(s)',
  'column.comment': 'comment or proposed text',
  'column.disposition': 'disposition',
  'column.explanation': 'explanation',
  'column.answering': 'answering paragraph',
  'disposition.accepted': 'Accepted',
  'disposition.partly-accepted': 'Partly accepted',
  'disposition.not-accepted': 'Not accepted',
  'disposition.noted': 'Noted',
  'proposal.accepted': 'Accepted',
  'proposal.acceptedBy': 'Accepted by {name}',
  'proposal.rejected': 'Rejected',
  'proposal.rejectedBy': 'Rejected by {name}',
  'proposal.withdrawn': 'Withdrawn by its author',
  'proposal.supportedBy': '(supported by {names})',
  'change.insert': 'Insert',
  'change.delete': 'Delete',
  'change.format': 'Format',
  'labelled': '{label}: {text}',
  'answeredInFeedback': 'Answered in feedback',
  'answer.paragraphDeleted': 'paragraph deleted (was {ref})',
  'answer.inDocument': '{title}, para {ref}',
  'answer.deletedDocument': 'Deleted document, para {ref}',
  'matrix.title': 'Comments matrix',
  'matrix.heading': 'Comments on “{title}”',
  'matrix.fileName': 'comments',
  'file.moderationCopy': 'moderation copy (internal)',
  'file.withComments': 'with comments',
  'compilation.closed': 'closed {date}',
  'compilation.close': 'close {n}',
  'message.deleted': '[deleted]',
  'message.hidden': '[hidden by the chair]',
  'mark.pending': 'awaiting approval',
  'mark.rejected': 'rejected by the chair',
  'mark.hidden': 'hidden by the chair',
  'tracked.unknownDelegation': 'Unknown delegation',
  'tracked.alsoDeletes': '{author} also proposes to delete this text.',
} as const

/** The name of one fixed word of the exports. */
export type ExportWordKey = keyof typeof EN

export const EXPORT_WORDS: Record<Language, Record<ExportWordKey, string>> = {
  en: EN,
  fr: {
    'column.paragraph': 'paragraphe',
    'column.delegations': 'délégation(s)',
    'column.comment': 'commentaire ou texte proposé',
    'column.disposition': 'suite donnée',
    'column.explanation': 'explication',
    'column.answering': 'paragraphe de réponse',
    'disposition.accepted': 'Accepté',
    'disposition.partly-accepted': 'Accepté en partie',
    'disposition.not-accepted': 'Non accepté',
    'disposition.noted': 'Pris note',
    'proposal.accepted': 'Acceptée',
    'proposal.acceptedBy': 'Acceptée par {name}',
    'proposal.rejected': 'Rejetée',
    'proposal.rejectedBy': 'Rejetée par {name}',
    'proposal.withdrawn': 'Retirée par son auteur',
    'proposal.supportedBy': '(avec l’appui de {names})',
    'change.insert': 'Insertion',
    'change.delete': 'Suppression',
    'change.format': 'Mise en forme',
    'labelled': '{label}\u202f: {text}',
    'answeredInFeedback': 'Réponse dans une mise à jour',
    'answer.paragraphDeleted': 'paragraphe supprimé (anciennement {ref})',
    'answer.inDocument': '{title}, par. {ref}',
    'answer.deletedDocument': 'Document supprimé, par. {ref}',
    'matrix.title': 'Tableau des commentaires',
    'matrix.heading': 'Commentaires sur «\u202f{title}\u202f»',
    'matrix.fileName': 'commentaires',
    'file.moderationCopy': 'copie de modération (interne)',
    'file.withComments': 'avec commentaires',
    'compilation.closed': 'clôture le {date}',
    'compilation.close': 'clôture {n}',
    'message.deleted': '[supprimé]',
    'message.hidden': '[masqué par la Présidence]',
    'mark.pending': 'en attente d’approbation',
    'mark.rejected': 'rejeté par la Présidence',
    'mark.hidden': 'masqué par la Présidence',
    'tracked.unknownDelegation': 'Délégation inconnue',
    'tracked.alsoDeletes': '{author} propose également de supprimer ce texte.',
  },
  es: {
    'column.paragraph': 'párrafo',
    'column.delegations': 'delegación(es)',
    'column.comment': 'comentario o texto propuesto',
    'column.disposition': 'curso dado',
    'column.explanation': 'explicación',
    'column.answering': 'párrafo de respuesta',
    'disposition.accepted': 'Aceptado',
    'disposition.partly-accepted': 'Aceptado en parte',
    'disposition.not-accepted': 'No aceptado',
    'disposition.noted': 'Se toma nota',
    'proposal.accepted': 'Aceptada',
    'proposal.acceptedBy': 'Aceptada por {name}',
    'proposal.rejected': 'Rechazada',
    'proposal.rejectedBy': 'Rechazada por {name}',
    'proposal.withdrawn': 'Retirada por su autor',
    'proposal.supportedBy': '(con el apoyo de {names})',
    'change.insert': 'Inserción',
    'change.delete': 'Supresión',
    'change.format': 'Formato',
    'labelled': '{label}: {text}',
    'answeredInFeedback': 'Respuesta en una actualización',
    'answer.paragraphDeleted': 'párrafo suprimido (antes {ref})',
    'answer.inDocument': '{title}, párr. {ref}',
    'answer.deletedDocument': 'Documento eliminado, párr. {ref}',
    'matrix.title': 'Cuadro de comentarios',
    'matrix.heading': 'Comentarios sobre «{title}»',
    'matrix.fileName': 'comentarios',
    'file.moderationCopy': 'copia de moderación (interna)',
    'file.withComments': 'con comentarios',
    'compilation.closed': 'cierre el {date}',
    'compilation.close': 'cierre {n}',
    'message.deleted': '[eliminado]',
    'message.hidden': '[ocultado por la Presidencia]',
    'mark.pending': 'pendiente de aprobación',
    'mark.rejected': 'rechazado por la Presidencia',
    'mark.hidden': 'ocultado por la Presidencia',
    'tracked.unknownDelegation': 'Delegación desconocida',
    'tracked.alsoDeletes': '{author} también propone suprimir este texto.',
  },
}

/** The locale exports write dates and lists in, per language: UN editorial style is British English. */
export const EXPORT_LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' }

/** One fixed word of the exports in a language, its `{name}`s filled in. */
export function exportWord(language: Language, key: ExportWordKey, values: Record<string, string> = {}): string {
  return EXPORT_WORDS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
}

/** "Insert: text", "Insertion : texte": a label and what follows it, punctuated as the language writes it. */
export const labelled = (language: Language, label: string, text: string) => exportWord(language, 'labelled', { label, text })

/** "30 November 2026", "30 novembre 2026", "30 de noviembre de 2026": a date as a UN document's header writes it. */
export const exportDateLine = (language: Language, at: Date = new Date()) =>
  new Intl.DateTimeFormat(EXPORT_LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at)
