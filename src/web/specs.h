/* specs: the typed fields of every POST route (http/fields.h), one array a
 * form, named in the route table (web/routes.c). */
#ifndef BALAI_SPECS_H
#define BALAI_SPECS_H
#include "http/fields.h"

extern const struct field_spec
    spec_none[], spec_login[], spec_password[], spec_upload[], spec_token_create[],
    spec_token_revoke[],
    spec_office_edit[], spec_office_hours[], spec_office_leave[], spec_office_leave_delete[],
    spec_office_logo[], spec_office_new[],
    spec_staff_add[], spec_staff_update[], spec_staff_password[], spec_escalation[],
    spec_inbox_assign[], spec_inbox_note[], spec_inbox_label[], spec_inbox_reply[],
    spec_inbox_state[], spec_inbox_settings[], spec_inbox_template[], spec_inbox_escalate[],
    spec_inbox_schedule[], spec_inbox_schedule_cancel[],
    spec_request_new[], spec_request_status[], spec_request_verdict[], spec_request_pickup[],
    spec_channels[], spec_catalogue[], spec_catalogue_restore[], spec_catalogue_copy[], spec_pickup[], spec_status_book[],
    spec_apply[], spec_chat_push[], spec_chat_push_remove[],
    spec_news_share_offer[], spec_news_share_decide[],
    spec_content_reschedule[], spec_content_plan[],
    /* content publishing, C1 */
    spec_content_new[], spec_content_edit[], spec_content_step[], spec_content_check[];

/* content visuals (issue 16, C5) */
extern const struct field_spec spec_content_visual[], spec_content_visual_make[];
extern const struct field_spec spec_episode[], spec_podcast_show[];
/* WhatsApp broadcast (issue 16, C4) */
extern const struct field_spec spec_broadcast[];
extern const struct field_spec spec_instagram[];

/* The office profile's fields, shared by the edit and new-office forms. */
#define SPEC_PROFILE_N 8
extern const struct field_spec *const spec_profile;
/* the moderation queue (issue 17) */
extern const struct field_spec spec_mod_ask[], spec_mod_hoax[], spec_mod_decide[];

#endif
