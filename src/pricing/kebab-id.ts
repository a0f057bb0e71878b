/**
 * A kebab-case id: lower-case letters and digits in words joined by single hyphens (`ebs-gp3`, `pd-balanced`,
 * `extended-support`). The catalogs name their storage products and control-plane tiers this way
 * (data/catalogs/storage.csv, storage-regional.csv, control-plane.csv), so a tier or product a user names is checked
 * with the same rule the tables are.
 */
export const KEBAB_ID_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
