/* podcast: an office's show settings, its feed /o/{office}/podcast.xml and
 * its cover art (issue 17; see podcast.c). */
#ifndef BALAI_WEB_PODCAST_H
#define BALAI_WEB_PODCAST_H
#include "http/req.h"

void web_podcast_feed(struct req *r);
void web_podcast_cover(struct req *r);
void web_podcast_settings(struct req *r);
void web_podcast_settings_save(struct req *r);

#endif
