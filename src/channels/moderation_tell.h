/* moderation_tell: the "mod_tell" job. When the "klarifikasi hoaks" item
 * drafted from a hoax report is published (db/store_moderation.h
 * mod_item_published), the person who reported it and left a WhatsApp
 * number is told, with the office's approved information template (the
 * one broadcasts use: office, title, summary, link), since they never
 * wrote to the office's number. When the office's WhatsApp is not active,
 * nobody can be reached: the audit log says so. */
#ifndef BALAI_MODERATION_TELL_H
#define BALAI_MODERATION_TELL_H
#include "db/db.h"
#include "db/store_job.h"
#include "jobs/worker.h"

void mod_tell_job(db_t *db, const struct job *j, struct job_result *res);

#endif
