import type { Role } from '../../shared/permissions.js'
import type { Transactional } from '../persistence/Transactional.js'

/** A working group and the settings its chair sets. */
export interface GroupRecord {
  id: string
  name: string
  /** Whether the chair lets observers comment. */
  observersMayComment: boolean
  /** Whether new comments from non-chairs wait for the chair's approval. */
  preModeration: boolean
  /** The group's time zone (IANA name, default UTC): comment periods' closing times are set and shown in it. */
  timeZone: string
}

/** A person's role and delegation in one group. */
export interface Membership {
  groupId: string
  userId: string
  role: Role
  delegation: string
}

/** A member as listed to the group: the membership with the person's name and email. */
export interface MemberView extends Membership {
  name: string
  email: string
}

/** How a person is named in a group: their name (or "Former member") and delegation there. */
export interface Person {
  id: string
  name: string
  delegation: string
}

/** A group's Word template: the file as uploaded, what exports take from it (a WordTemplate as JSON), when and by whom. */
export interface StoredTemplate {
  name: string
  file: Uint8Array
  parts: string
  uploadedAt: number
  uploadedBy: string
}

/** Working groups, their settings, and who belongs to each with which role and delegation. */
export interface GroupStore extends Transactional {
  listGroups(): Promise<GroupRecord[]>
  getGroup(id: string): Promise<GroupRecord | undefined>
  createGroup(group: { id: string; name: string }): Promise<void>
  setObserversMayComment(groupId: string, allowed: boolean): Promise<void>
  setPreModeration(groupId: string, on: boolean): Promise<void>
  setTimeZone(groupId: string, timeZone: string): Promise<void>
  /** The group's Word template, if the chair uploaded one. */
  wordTemplate(groupId: string): Promise<StoredTemplate | undefined>
  /** When the group's Word template was uploaded (without reading the file), if it has one. */
  wordTemplateUploadedAt(groupId: string): Promise<number | undefined>
  /** Stores the group's Word template in place of any other; null removes it. */
  setWordTemplate(groupId: string, template: StoredTemplate | null): Promise<void>

  /** Adds the member, or changes their role and delegation. */
  setMembership(m: Membership): Promise<void>
  /** False when the user was not a member. */
  removeMembership(groupId: string, userId: string): Promise<boolean>
  membership(groupId: string, userId: string): Promise<Membership | undefined>
  /** The user's groups, oldest membership first. */
  membershipsOf(userId: string): Promise<Membership[]>
  /** Every membership of the group, in no order (the roles of a crowd of viewers, read at once). */
  membershipsIn(groupId: string): Promise<Membership[]>
  /** The group's members by role, then name. */
  members(groupId: string): Promise<MemberView[]>
  personIn(groupId: string, userId: string): Promise<Person>
}
