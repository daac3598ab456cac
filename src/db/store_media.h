/* store_media: the rows of files citizens send (table media) and of the
 * private upload links they use (upload_link). The bytes themselves are
 * files (util/filestore.h); a row keeps the file's key, size, type and
 * SHA-256. Rows from before migration 009 keep base64 in `data` and are
 * still read from there. */
#ifndef BALAI_STORE_MEDIA_H
#define BALAI_STORE_MEDIA_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "util/buf.h"

struct media_new {
    int64_t office_id, conversation_id, message_id;     /* 0: none */
    int64_t request_id;         /* through a request's own upload link; 0: none */
    const char *source;         /* whatsapp | telegram | upload */
    const char *mime, *filename;
    int64_t size;
    const char *file_key, *sha256;
    const char *client_addr;    /* uploads: who sent it; "" otherwise */
    int64_t now;
};

int media_add(db_t *db, const struct media_new *m);

/* A complaint registered from the chat takes what the citizen sent while
 * telling it: the conversation's files of messages from `first_message`
 * (the dialogue's first) on that are no request's yet, and its upload
 * links made since `since`, so that what is uploaded through them later is
 * the complaint's too. 0 or -1. */
int media_attach_request(db_t *db, int64_t request_id, int64_t conversation_id,
                         int64_t first_message, int64_t since);
/* The complaint a file of inbound message `message_id`, downloaded only
 * now, belongs to: the first request of its conversation registered
 * since the message came, when that is a complaint. Its id, 0, or -1. */
int64_t media_complaint_of_message(db_t *db, int64_t message_id);

/* id mime filename file_key (and legacy data) of a file of one office,
 * and number: the registration number of the request it belongs to (its
 * request's upload link, else the newest request of its conversation made
 * before it came), "" when none; NULL when there is none. */
json_t *media_get(db_t *db, int64_t id, int64_t office_id);
/* The same into *out: DB_ROW (1) found, DB_DONE (0) none, DB_ERR. */
int media_find(db_t *db, int64_t id, int64_t office_id, json_t **out);
/* The same for the first file of a message. */
json_t *media_of_message(db_t *db, int64_t message_id);
/* How many files of a message are kept (a download done already); -1 on
 * a database error. */
int64_t media_count_of_message(db_t *db, int64_t message_id);
/* The bytes of a row from media_get/media_of_message, appended to out. */
int media_bytes(const json_t *row, struct buf *out);

/* Moves rows from before migration 009 (base64 in `data`) into files, a
 * few at a time; safe with several instances starting together. Returns
 * how many moved, or -1. */
int media_move_to_files(db_t *db);
/* How many rows still hold base64 (-1 on error). */
int64_t media_legacy_count(db_t *db);

/* Bytes uploaded through links since `since`: from one address, and to one
 * office. -1 on a database error. */
int64_t media_upload_bytes_addr(db_t *db, const char *addr, int64_t since);
int64_t media_upload_bytes_office(db_t *db, int64_t office_id, int64_t since);

/* The upload link with this token hash (hash office_id conversation_id
 * request_id expires_at uploads office_name), or NULL. */
json_t *media_link_get(db_t *db, const char *hash);
/* The same into *out: DB_ROW (1) found, DB_DONE (0) unknown, DB_ERR. */
int media_link_find(db_t *db, const char *hash, json_t **out);
int media_link_used(db_t *db, const char *hash);
/* A private upload link for request `request_id` itself (an application
 * on the portal, which has no conversation): like chat_upload_link, the
 * masked token into `masked` and only its hash stored. 0 or -1. */
int media_request_link(db_t *db, int64_t office_id, int64_t request_id, int64_t now, int64_t ttl,
                       char masked[65]);

#endif
