/* audit_text: an audit row told the way a Lurah reads it. The log keeps
 * what happened as codes and JSON (core/audit.c hashes exactly those); this
 * turns one row into "Nurul Aini (Sekretaris) mengubah jam buka Kantor
 * Kelurahan Jelitik" and a list of the fields that changed, each with its
 * Indonesian name and its value before and after in words ("Jumat:
 * 08.00–11.30 → 07.30–11.00", "Baru diterima → Berkas kurang lengkap",
 * "15 Desember 2026"). Internal ids and secrets never reach the screen.
 * Pure: no SQL, no HTTP; the page, the CSV export and tests share it. */
#ifndef BALAI_AUDIT_TEXT_H
#define BALAI_AUDIT_TEXT_H
#include <jansson.h>

/* `row` is one row as store_audit lists it (action, entity, entity_id,
 * actor, actor_name, actor_role, office_name, target_name, before, after:
 * the last two JSON text or NULL). Adds to it:
 *   who       "Nurul Aini (Sekretaris)", "Sistem", "Warga (lewat chat)" ...
 *   what      "mengubah jam buka Kantor Kelurahan Jelitik"
 *   sentence  who + " " + what
 *   changes   [{field, before, after}] in words; "" where a side is empty */
void audit_describe(json_t *row);

/* The action groups a reader filters by: code (the action's prefix, e.g.
 * "request") and label ("Permohonan warga"). Ends with {NULL, NULL}. */
struct audit_area { const char *code, *label; };
extern const struct audit_area audit_areas[];

#endif
