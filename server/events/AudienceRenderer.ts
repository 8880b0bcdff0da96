import type { User } from '../auth/AccountStore.js'
import type { ChangeEvent } from './ChangeFeed.js'

/** Renders the current state of an entity for one viewer, or null when they may not see it. */
export type Renderer = (entityId: string, viewer: User) => Promise<unknown | null>

/**
 * One entity as it stands now, loaded once to be shown to many viewers. Both functions read the
 * same loaded state, so a change committed meanwhile cannot make two viewers of one key differ.
 */
export interface Presentation {
  /**
   * The viewer's audience: viewers given the same key are given the same view by render. The key
   * therefore names everything render reads of its viewer (role, delegation, the user id where an
   * author sees more, what they flagged or read). When in doubt, a key holds the user id.
   */
  audience(viewer: User): Promise<string>
  /** The view for this viewer, or null when they may not see the entity. */
  render(viewer: User): Promise<unknown | null>
}

/** Loads an entity's presentation for one event (see Presentation), to be shown to this many viewers. */
export type Presenter = (entityId: string, viewers: number) => Promise<Presentation>

/** What one event became: the frame each user receives (null: nothing) and how many views were rendered. */
export interface Frames {
  byUser: Map<string, string | null>
  renders: number
}

/** The Server-Sent Events frame of an event, serialized once for everyone it is written to. */
export const frameOf = (event: ChangeEvent, view: unknown): string => `id: ${event.seq}\nevent: ${event.kind}\ndata: ${JSON.stringify(view)}\n\n`

/**
 * Turns an event into the frames its viewers receive, rendering once per audience rather than once
 * per viewer: a comment seen by 1,000 members is rendered for the few audiences among them (the
 * chair, the members, the author…), serialized once each, and the same string written to every
 * stream of an audience. Kinds registered with a plain Renderer have one audience per person.
 */
export class AudienceRenderer {
  private readonly presenters = new Map<string, Presenter>()

  /** How events of a kind are shown: a Renderer (one view per person) or a Presenter (one per audience). */
  register(kind: string, shown: Renderer | { presenter: Presenter }): void {
    this.presenters.set(kind, 'presenter' in shown ? shown.presenter : perPerson(shown))
  }

  /** The frame each of these viewers receives for the event (keyed by user id). */
  async frames(event: ChangeEvent, viewers: Iterable<User>): Promise<Frames> {
    const people = new Map<string, User>()
    for (const v of viewers) people.set(v.id, v)
    const byUser = new Map<string, string | null>()
    const presenter = this.presenters.get(event.kind)
    if (!presenter) return { byUser, renders: 0 }
    const presentation = await presenter(event.entityId, people.size)
    const keyed = await Promise.all([...people.values()].map(async (v) => [v, await presentation.audience(v)] as const))
    const views = new Map<string, Promise<string | null>>()
    for (const [viewer, key] of keyed) {
      if (!views.has(key)) views.set(key, presentation.render(viewer).then((view) => (view === null || view === undefined ? null : frameOf(event, view))))
    }
    for (const [viewer, key] of keyed) byUser.set(viewer.id, await views.get(key)!)
    return { byUser, renders: views.size }
  }

  /** The frame of an event for one viewer alone (a stream's catch-up). */
  async frame(event: ChangeEvent, viewer: User): Promise<string | null> {
    return (await this.frames(event, [viewer])).byUser.get(viewer.id) ?? null
  }
}

/** A kind rendered per person: everyone is their own audience. */
function perPerson(render: Renderer): Presenter {
  return async (entityId) => ({ audience: async (viewer) => viewer.id, render: (viewer) => render(entityId, viewer) })
}
