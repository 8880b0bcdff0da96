import type { Node as PMNode } from '@tiptap/pm/model'
import type { User } from '../auth/AccountStore.js'
import type { DocumentRecord } from '../documents/DocumentStore.js'
import type { DocumentReader } from '../documents/DocumentReader.js'
import type { VersionService } from '../versions/VersionService.js'
import type { ThreadView } from '../../shared/comments/types.js'
import type { ProposalView } from '../../shared/amendments/types.js'
import type { DispositionList, DispositionView } from '../../shared/dispositions/types.js'
import { CSV_TYPE, DOCX_TYPE, MARKDOWN_TYPE, documentFileName, exportDate } from '../http/download.js'
import { docxComments, toDocx, type DocxOptions } from './toDocx.js'
import type { WordTemplate } from './wordTemplate.js'
import { toMarkdown } from './toMarkdown.js'
import { commentsOfRecord } from './commentsOfRecord.js'
import { commentsTableCsv, commentsTableDocx, matrixDate } from './commentsTable.js'
import { markdownWithProposals, wordWithProposals, type ProposalsShown } from './withProposals.js'
import { exportWord } from '../../shared/i18n/exportWords.js'

/**
 * "[<symbol> - ]<title> - 2026-11-30 - First reading - comments.csv", the words in the document's
 * language ("commentaires", "comentarios"); the chair's moderation copy says so in its name, so it is
 * never taken for the matrix everyone may circulate.
 */
const matrixFileName = (doc: DocumentRecord, round: string | undefined, extension: string, moderationCopy: boolean) =>
  documentFileName(doc, [exportDate(), round ?? '', exportWord(doc.language, 'matrix.fileName'), moderationCopy ? exportWord(doc.language, 'file.moderationCopy') : ''], extension)

/** A file to download: its name (from the document's title), type and content. */
export interface ExportFile {
  name: string
  type: string
  body: string | Buffer
}

/** The comment threads a caller may see on a document (the comment service's per-viewer view). */
export interface VisibleThreads {
  threadsOn(user: User, type: 'document', docId: string): Promise<{ threads: ThreadView[] }>
}

/** The proposals a caller may see on a document, open and decided (the proposal service's view). */
export interface VisibleProposals {
  list(user: User, docId: string): Promise<ProposalView[]>
}

/** The dispositions a caller may see on a document (the disposition service's view). */
export interface VisibleDispositions {
  list(user: User, doc: DocumentRecord): Promise<DispositionList>
}

export interface ExportDeps {
  documents: DocumentReader
  versions: Pick<VersionService, 'read'>
  comments: VisibleThreads
  /** Without it, comment tables list comments only, and Word falls back to "Unknown delegation" for a proposal without one. */
  proposals?: VisibleProposals
  /** Without it, the comments matrix has no dispositions (a proposal's row shows the chair's decision). */
  dispositions?: VisibleDispositions
  /** The document's current comment round, which the matrix compiles unless another is named. */
  currentRound?: (docId: string) => Promise<string | undefined>
  /** The group's Word template, which Word exports take their styles, page, header and footer from; the built-in one without it. */
  templates?: (groupId: string) => Promise<WordTemplate | undefined>
}

/**
 * Documents, versions and comment tables as files: Word and Markdown of the current document or of a
 * saved version, and the compiled comments table as CSV or Word. Callers have already been allowed
 * to read the document; comments are only those this caller may see. File names follow the symbol, when there is one, and the title.
 */
export class DocumentExports {
  constructor(private readonly deps: ExportDeps) {}

  /**
   * The current document as Word; with its visible, anchored threads as Word comments when asked.
   * Open proposals are tracked changes, or decided all one way (`proposals`: clean, accepted).
   */
  async word(user: User, doc: DocumentRecord, withComments: boolean, proposals: ProposalsShown = 'tracked', moderationCopy = false): Promise<ExportFile> {
    const current = await this.current(doc.id)
    const shown = wordWithProposals(current, proposals, withComments ? docxComments(await this.threads(user, doc, moderationCopy), doc.language) : [])
    const authors = proposals === 'tracked' ? await this.proposalAuthors(user, doc.id) : undefined
    const kind = moderationCopy ? 'file.moderationCopy' : withComments ? 'file.withComments' : null
    const name = documentFileName(doc, [exportDate(), kind ? exportWord(doc.language, kind) : ''], 'docx')
    return { name, type: DOCX_TYPE, body: await toDocx(shown.doc, doc.title, shown.comments, { authors, ...(await this.paper(doc)) }) }
  }

  /** The current document as Markdown: the agreed text unless `proposals` asks for CriticMarkup (tracked) or the accepted text. */
  async markdown(doc: DocumentRecord, proposals: ProposalsShown = 'clean'): Promise<ExportFile> {
    return { name: documentFileName(doc, [exportDate()], 'md'), type: MARKDOWN_TYPE, body: toMarkdown(markdownWithProposals(await this.current(doc.id), proposals)) }
  }

  /** The comments matrix as CSV, in the document's language: the caller's visible threads and the proposals with their dispositions, by paragraph. */
  async commentsCsv(user: User, doc: DocumentRecord, moderationCopy = false, round?: string): Promise<ExportFile> {
    round ??= await this.deps.currentRound?.(doc.id)
    const threads = await this.threads(user, doc, moderationCopy)
    const body = commentsTableCsv(threads, await this.proposals(user, doc.id), await this.dispositions(user, doc), doc.language)
    return { name: matrixFileName(doc, round, 'csv', moderationCopy), type: CSV_TYPE, body }
  }

  /** The comments matrix as a landscape Word table in the document's language, headed by the title, the round (when given) and the date. */
  async commentsWord(user: User, doc: DocumentRecord, moderationCopy = false, round?: string): Promise<ExportFile> {
    round ??= await this.deps.currentRound?.(doc.id)
    const threads = await this.threads(user, doc, moderationCopy)
    const body = await commentsTableDocx(doc.title, threads, await this.proposals(user, doc.id), await this.dispositions(user, doc), { round, date: matrixDate(new Date(), doc.language) }, doc.language)
    return { name: matrixFileName(doc, round, 'docx', moderationCopy), type: DOCX_TYPE, body }
  }

  /** A saved version as Word, titled "<document> (<version>)"; its proposals as for the current document. */
  async versionWord(doc: DocumentRecord, versionId: string, proposals: ProposalsShown = 'tracked'): Promise<ExportFile> {
    const { title, node } = await this.version(doc, versionId)
    return { name: documentFileName(doc, [], 'docx', title), type: DOCX_TYPE, body: await toDocx(wordWithProposals(node, proposals, []).doc, title, [], await this.paper(doc)) }
  }

  async versionMarkdown(doc: DocumentRecord, versionId: string, proposals: ProposalsShown = 'clean'): Promise<ExportFile> {
    const { title, node } = await this.version(doc, versionId)
    return { name: documentFileName(doc, [], 'md', title), type: MARKDOWN_TYPE, body: toMarkdown(markdownWithProposals(node, proposals)) }
  }

  /** How the document's Word files look: its language, its paper's header fields, the group's template if it has one. */
  private async paper(doc: DocumentRecord): Promise<Pick<DocxOptions, 'language' | 'paper' | 'template'>> {
    return { language: doc.language, paper: doc.paper, template: await this.deps.templates?.(doc.groupId) }
  }

  private async current(docId: string): Promise<PMNode> {
    using current = await this.deps.documents.read(docId)
    return current.pm
  }

  private async version(doc: DocumentRecord, versionId: string): Promise<{ title: string; node: PMNode }> {
    const { summary, node } = await this.deps.versions.read(doc.id, versionId)
    return { title: `${doc.title} (${summary.name})`, node }
  }

  /** The threads as the record shows them (commentsOfRecord), or the chair's moderation copy. */
  private async threads(user: User, doc: DocumentRecord, moderationCopy: boolean): Promise<ThreadView[]> {
    return commentsOfRecord((await this.deps.comments.threadsOn(user, 'document', doc.id)).threads, moderationCopy, doc.language)
  }

  private async dispositions(user: User, doc: DocumentRecord): Promise<DispositionView[]> {
    return (await this.deps.dispositions?.list(user, doc))?.dispositions ?? []
  }

  private async proposals(user: User, docId: string): Promise<ProposalView[]> {
    return (await this.deps.proposals?.list(user, docId)) ?? []
  }

  /** For proposals made without a delegation: their author's name, by proposal id. */
  private async proposalAuthors(user: User, docId: string): Promise<Map<string, string>> {
    return new Map((await this.proposals(user, docId)).map((p) => [p.id, p.author.delegation || p.author.name]))
  }
}
