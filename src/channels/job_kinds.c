#include "channels/job_kinds.h"
#include "channels/content_publish.h"
#include "channels/broadcast.h"
#include "channels/idphoto_job.h"
#include "channels/instagram.h"
#include "channels/inbound.h"
#include "channels/moderation_tell.h"
#include "channels/reminder.h"
#include "channels/scheduled.h"
#include "channels/send.h"
#include "channels/webpush.h"
#include "db/store_content.h"
#include "db/store_instagram.h"

const struct job_kind job_kinds[] = {
    {"inbound", inbound_job},
    {"send", send_job},
    {"callback", callback_job},
    {"media", media_job},
    {"idphoto", idphoto_job},
    {"reminder", reminder_job},
    {"scheduled", scheduled_job},
    {"webpush", webpush_job},
    {CONTENT_PUBLISH_JOB, content_publish_job},
    {"broadcast", broadcast_job},
    {IG_PUBLISH_JOB, instagram_job},
    {"mod_tell", mod_tell_job},
    {NULL, NULL},
};
