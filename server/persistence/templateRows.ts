/** The columns of a group_templates row as a StoredTemplate names them (both adapters). */
export const TEMPLATE_COLUMNS = 'name, file, parts, uploaded_at AS "uploadedAt", uploaded_by AS "uploadedBy"'
