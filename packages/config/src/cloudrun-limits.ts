// Name-length limits Cloud Run enforces, defined once for every @cr/* package (config checks them
// when it validates stage options, @cr/cloudrun when it names revisions and checks splits).

/** Longest service id Cloud Run accepts. */
export const MAX_SERVICE_ID_LENGTH = 49;
/** Longest revision name, and longest DNS-label name such as a traffic tag, Cloud Run accepts. */
export const MAX_REVISION_NAME_LENGTH = 63;
/** Cloud Run caps a traffic tag and the service name together at this many characters. */
export const MAX_TAG_AND_SERVICE_LENGTH = 46;
