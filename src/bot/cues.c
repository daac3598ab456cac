/* cues: intent phrases (see cues.h).
 *
 * Pattern syntax, on words in their standard spelling (lang.c):
 *   "jam buka|tutup"          a sequence of slots; '|' separates alternatives
 *   "buka|tutup & sabtu"      '&' joins groups that must all occur, anywhere
 *   "... ! usaha|rekening"    a final '!' group must NOT occur
 *   "#"                       a slot matching one digit 1..5 (ratings)
 * Weight: from CUE_STRONG decisive; from CUE_MEDIUM it decides only when
 * no service is found, and its words do not count for a service (so "mau
 * lapor" is a complaint but "lapor kelahiran" the birth service); lower,
 * a hint used only when nothing else is said (a bare "min" greets). The
 * order between classes is bot.c's. */
#include "bot/cues.h"

#include <pthread.h>
#include <string.h>

#include "bot/lang.h"

struct cue_def {
    uint8_t cls;
    uint8_t value;          /* survey rating */
    float weight;
    const char *pat;
};

/* What opens or closes is not the office: a business, an account, a road
 * ("nutup gang"), a registration ("pendaftaran kapan dibuka"). */
#define NOT_OTHER_OPENING " ! usaha|rekening|toko|warung|bisnis|lapak|kios|tabungan|blokir|" \
                          "cabang|praktek|jalan|gang|jalanan|akses|jalur|lapangan|pendaftaran|" \
                          "registrasi"

static const struct cue_def defs[] = {
    /* ---- greetings (only decide when nothing else is said) */
    { CUE_GREET, 0, 1.0f, "halo|hai|p|ping|tes|test|permisi|punten|assalamualaikum|salam|shalom|"
                          "woi|woy|oi|tabe|"
                          "misi|sugeng|horas|tabik|tabeq|swastiastu|swastyastu|waalaikumsalam|pagi|siang|"
                          "sore|malam|selamat|sampurasun|hallo|helo|hello|hi|hey" },
    { CUE_GREET, 0, 1.0f, "good morning|afternoon|evening" },
    { CUE_GREET, 0, 1.0f, "salam sejahtera|hormat" },
    { CUE_GREET, 0, 1.0f, "sugeng enjing|siang|sonten|ndalu|dalu" },
    { CUE_GREET, 0, 1.0f, "om swastiastu|swastyastu" },
    { CUE_GREET, 0, 1.0f, "namo buddhaya" },
    { CUE_GREET, 0, 1.0f, "tabik pun" },                  /* Lampung */
    { CUE_GREET, 0, 1.0f, "tuhan|gbu berkati|memberkati|memberkahi|berkat" },
    { CUE_GREET, 0, 0.5f, "minta|mohon|butuh tolong|bantuan|bantu" },
    { CUE_GREET, 0, 0.5f, "bisa|dapat|boleh bantu|dibantu|membantu|tolong" },
    { CUE_GREET, 0, 0.5f, "boleh|bisa|mau|izin|ingin tanya|nanya|bertanya|minta" },
    { CUE_GREET, 0, 0.3f, "min|kak|pak|bu|gan|mas|mbak|bang|admin|sis|om|bapak|ibu|kakak|teh|"
                          "akang|bro|puari|side|lae|daeng|bli" },
    /* vague openers: a question is coming, the topic is not said yet */
    { CUE_OPENER, 0, 1.0f, "bagaimana|gini|begini|anu|gimana ya|ini|nih|dong|pak|bu|kak|min" },
    { CUE_OPENER, 0, 1.0f, "mau|ingin|boleh|bisa|izin tanya|konsul|konsultasi|curhat|cerita" },
    { CUE_OPENER, 0, 1.0f, "tanya sesuatu|dulu|dong|dikit|sedikit|boleh" },
    { CUE_OPENER, 0, 1.0f, "gini|begini|anu" },
    { CUE_OPENER, 0, 1.0f, "tiang mau tanya" },           /* Balinese, Sasak: "I" */
    { CUE_OPENER, 0, 1.0f, "lagi|sedang sibuk" },         /* "lagi sibuk? mau nanya" */
    /* is this the office's real number: the chat is opened, no topic yet */
    { CUE_OPENER, 0, 1.0f, "nomor|wa|whatsapp|akun|kontak resmi|asli" },
    { CUE_OPENER, 0, 1.0f, "benar|betul nomor|wa|whatsapp|akun|kontak" },
    { CUE_OPENER, 0, 1.0f, "ada yang bisa bantu|dibantu" },
    { CUE_OPENER, 0, 1.0f, "minta|ada waktu|waktunya" },
    { CUE_OPENER, 0, 1.0f, "ada & tanyakan|ditanyakan|pertanyaan|tanya & bisa|boleh|mau" },
    { CUE_OPENER, 0, 1.0f, "ada|punya pertanyaan|perlu|keperluan" },
    { CUE_OPENER, 0, 1.0f, "tanya|nanya lagi|sedikit|dikit" },
    { CUE_OPENER, 0, 1.0f, "bantuan|bantu me|us" },
    { CUE_OPENER, 0, 1.0f, "anyone|someone|somebody & bantuan|bantu|available" },
    { CUE_OPENER, 0, 1.0f, "tanya ya|yah|dong|dulu|sebentar|bentar" },
    { CUE_OPENER, 0, 1.0f, "perlu|butuh|minta|mohon & bantuan|pertolongan" },

    /* ---- thanks and acknowledgements */
    { CUE_THANKS, 0, 1.0f, "makasih|terimakasih|nuhun|hatur" },
    { CUE_THANKS, 0, 1.0f, "terima kasih" },
    { CUE_ACK, 0, 1.0f, "oke|sip|siap|baik|baiklah|noted|mantap|mantul|good|alhamdulillah|paham|"
                        "mengerti|ngerti|jelas|oh|ooh|owh|oalah|beres|aman|yoi|yup|yap|iya|ya|"
                        "okelah|nice|cakep|keren|josss|jos|sae|monggo|mangga|ashiap|nggih|injih|"
                        "laksanakan|meluncur|otw|mengerti|dimengerti|sip" },

    /* ---- the menu */
    { CUE_MENU, 0, 1.0f, "menu" },
    { CUE_MENU, 0, 1.0f, "daftar|list|jenis|macam|pilihan|katalog|semua|info|informasi "
                         "layanan|pelayanan|surat" },
    { CUE_MENU, 0, 1.0f, "layanan|pelayanan apa" },
    { CUE_MENU, 0, 1.0f, "apa saja layanan|pelayanan|surat|urusan" },
    { CUE_MENU, 0, 0.8f, "urus|bantu|layani|melayani|urusan apa saja" },
    { CUE_MENU, 0, 1.0f, "surat|layanan apa saja" },
    { CUE_MENU, 0, 0.8f, "bisa|dapat urus|bantu|layani|buat|bikin apa" },
    { CUE_MENU, 0, 0.6f, "layanan|pelayanan" },
    { CUE_MENU, 0, 1.0f, "bingung|tidak tahu|tidak paham surat|layanan|urus apa" },
    { CUE_MENU, 0, 0.7f, "pilihan|pilihannya|opsi|opsinya" },
    { CUE_MENU, 0, 0.7f, "surat apa" },
    { CUE_MENU, 0, 1.0f, "bingung|tidak tahu & surat|layanan & apa|mana|namanya|namanya" },
    { CUE_MENU, 0, 1.0f, "lihat|minta|kirim|kasih daftar|list|daftarnya|listnya" },
    { CUE_MENU, 0, 0.7f, "start|mulai|bantuan|help|kembali|back" },
    { CUE_MENU, 0, 1.0f, "apa services|service|letters" },
    { CUE_MENU, 0, 1.0f, "services|service & offer|provide|available|list|have" },

    /* ---- office hours */
    { CUE_HOURS, 0, 1.0f, "jam buka|tutup|kerja|operasional|pelayanan|layanan|kantor|berapa|"
                          "istirahat|masuk|pulang|dinas|operasi" },
    { CUE_HOURS, 0, 1.0f, "buka|tutup|libur|masuk|beroperasi|melayani|pelayanan|layanan|dibuka|"
                          "ditutup jam|pukul|sampai|hingga" NOT_OTHER_OPENING },
    { CUE_HOURS, 0, 1.0f, "waktu|jadwal pelayanan|layanan|operasional|buka|kantor|kerja|operasi|"
                          "piket" },
    { CUE_HOURS, 0, 1.0f, "buka|tutup|libur|beroperasi|melayani|ngantor|dibuka|ditutup & "
                          "sabtu|minggu|senin|selasa|rabu|kamis|jumat|besok|lusa|lebaran|natal|"
                          "merah|nyepi|idul|imlek|libur|sekarang|weekend|akhir|puasa|tanggal|"
                          "ramadhan|ramadan|nanti|istirahat" NOT_OTHER_OPENING },
    { CUE_HOURS, 0, 1.0f, "ada|bisa pelayanan|layanan|urus|mengurus|datang & sabtu|minggu|"
                          "weekend|lebaran|natal|libur|malam" },
    { CUE_HOURS, 0, 1.0f, "ada|masih pelayanan|layanan & hari ini" },
    { CUE_HOURS, 0, 1.0f, "pelayanan|layanan & sabtu|minggu|weekend|lebaran|natal|libur & ada|"
                          "buka|tidak|kah" },
    { CUE_HOURS, 0, 1.0f, "ada|masih pelayanan|layanan & besok|sekarang|lusa" },
    { CUE_HOURS, 0, 1.0f, "masih|sudah|lagi|apakah buka|tutup|libur|dibuka|ditutup" NOT_OTHER_OPENING },
    { CUE_HOURS, 0, 1.0f, "buka|tutup|libur|dibuka tidak|kah|apa" NOT_OTHER_OPENING },
    { CUE_HOURS, 0, 1.0f, "kapan buka|tutup|libur|dibuka|beroperasi|masuk" NOT_OTHER_OPENING },
    { CUE_HOURS, 0, 1.0f, "hari kerja|libur|operasional" },
    { CUE_HOURS, 0, 1.0f, "buka|tutup|libur|beroperasi|melayani|ngantor|dibuka|ditutup & hari ini"
                          NOT_OTHER_OPENING },
    /* "kantor masih buka sekarang, saya sudah di jalan": the office, said */
    { CUE_HOURS, 0, 1.0f, "kantor|kantornya|kelurahan|balai masih|sudah|lagi|sedang buka|tutup|"
                          "libur|dibuka|ditutup" },
    { CUE_HOURS, 0, 1.0f, "buka|tutup|libur|beroperasi|melayani|masuk|ngantor & hari apa" },
    { CUE_HOURS, 0, 1.0f, "tanggal merah" },
    { CUE_HOURS, 0, 1.0f, "cuti bersama" },
    { CUE_HOURS, 0, 1.0f, "pukul berapa" },
    { CUE_HOURS, 0, 1.0f, "datang|kesana|kesitu jam|pukul" },
    { CUE_HOURS, 0, 0.8f, "istirahat" },
    { CUE_HOURS, 0, 0.5f, "buka|tutup|libur|dibuka|ditutup" NOT_OTHER_OPENING },
    { CUE_HOURS, 0, 0.6f, "jam" },

    /* ---- location */
    { CUE_LOC, 0, 1.0f, "alamat|lokasi|letak|posisi kantor|kelurahan|balai|lengkap|persis|"
                        "tepat|dimana|mana" },
    { CUE_LOC, 0, 1.0f, "alamat|lokasi|letak & dimana|mana|kantor|kelurahan|balai|minta|share|"
                        "kirim|lengkap|berikan|bagi ! keterangan|surat|usaha|cv|pt|perusahaan|"
                        "notaris|pindah|pindahan|dipindah|ganti|ubah" },
    { CUE_LOC, 0, 1.0f, "shareloc|maps|gmaps|googlemaps|koordinat" },
    { CUE_LOC, 0, 1.0f, "share|kirim|minta|bagi|kasih lokasi|alamat|maps|titik|peta" },
    { CUE_LOC, 0, 1.0f, "google maps|map" },
    { CUE_LOC, 0, 0.97f, "kantor|kelurahan|balai|kantornya dimana|mana|letaknya|lokasinya" },
    { CUE_LOC, 0, 0.97f, "dimana|mana kantor|kelurahan|balai|lokasi|alamat|letak|tempatnya" },
    { CUE_LOC, 0, 1.0f, "rute|arah|jalur|menuju kantor|kelurahan|balai" },
    { CUE_LOC, 0, 1.0f, "kantor|kelurahan|balai & baru|sekarang & dimana|mana" },
    /* a landmark checked: "kantor kelurahan di belakang puskesmas bukan" */
    { CUE_LOC, 0, 0.97f, "kantor|kelurahan|balai|kantornya|kelurahannya & di belakang|samping|"
                         "seberang|sebelah|dekat|depan|pinggir|ujung ! pohon|sampah|banjir|rusak|"
                         "tumbang|roboh|mati|macet|berlubang|bau|parkir|dicuri|kecurian|"
                         "kemalingan|laporanpolisi" },
    { CUE_LOC, 0, 0.97f, "kantor|kelurahan|kantornya|kelurahannya yang dekat|sebelah|samping|"
                         "seberang|depan|belakang ! pohon|sampah|banjir|rusak|tumbang|roboh|mati|"
                         "macet|berlubang|bau|parkir" },
    { CUE_LOC, 0, 1.0f, "jalan ke|ka kantor|kelurahan|balai|lurah" },
    { CUE_LOC, 0, 0.97f, "jalan kaki" },
    { CUE_LOC, 0, 1.0f, "terminal|pelabuhan|bandara|stasiun|halte & ke|ka kantor|kelurahan|balai|"
                        "lurah" },
    { CUE_LOC, 0, 1.0f, "di jalan apa|mana" },
    { CUE_LOC, 0, 1.0f, "kantor|kelurahan|lurah|balai & dekat|sebelah|samping|belakang|depan|"
                        "seberang|arah mana" },
    { CUE_LOC, 0, 1.0f, "ke|ka kantor|kelurahan|balai & naik|angkot|angkutan|bus|ojek|rute|arah|"
                        "lewat|kendaraan|transportasi" },
    { CUE_LOC, 0, 1.0f, "kantor|kelurahan|balai|lurah pindah|dipindah|pindahan" },
    { CUE_LOC, 0, 1.0f, "kantor|kantornya|kelurahannya|balainya & pindah|dipindah|pindahan ! saya|"
                        "kami|mau|ingin|akan|surat|urus|keluarga|anak|ktp|kk|syarat|pengantar|"
                        "perlu|datang" },
    { CUE_LOC, 0, 0.97f, "kantor|kelurahan|balai|kantornya|kelurahannya & dimana|mana" },
    /* said together: "no" is also English ("a farmer with no payslip") */
    { CUE_LOC, 0, 1.0f, "nomor|kontak|telepon|wa|whatsapp|hp kantor|kelurahan|balai ! benar|betul|"
                        "resmi|asli" },
    { CUE_LOC, 0, 0.5f, "nomor|kontak telepon|wa|whatsapp|hp" },
    { CUE_LOC, 0, 0.6f, "alamat|lokasi|letak|peta|patokan" },
    { CUE_LOC, 0, 0.5f, "kontak|telepon" },
    { CUE_LOC, 0, 0.4f, "dimana|kemana" },

    /* ---- status of a request */
    { CUE_STATUS, 0, 1.0f, "sudah|belum|apakah jadi|selesai|beres|keluar|terbit|diproses|diambil|"
                           "ditandatangani|dikerjakan|diverifikasi|jadinya|kelar|diterbitkan|"
                           "selesainya|dicetak|ditandatangan|dikirim|diperiksa|disetujui|"
                           "ditanda|siap|diketahui|disahkan|dilegalisir ! mau|ingin|akan|hendak "
                           "urus|bikin|buat|mengurus|membuat|rekam|ganti|cetak|perpanjang" },
    { CUE_STATUS, 0, 1.0f, "sudah bisa|boleh|dapat diambil|dijemput" },
    { CUE_STATUS, 0, 1.0f, "sudah diambil|dijemput" },
    { CUE_STATUS, 0, 0.6f, "bisa|boleh|dapat diambil|dijemput" },
    { CUE_STATUS, 0, 1.0f, "sudah|belum sampai" },
    { CUE_STATUS, 0, 1.0f, "surat|berkas|dokumen & sudah & selesai|jadi|siap & belum|tidak" },
    { CUE_STATUS, 0, 1.0f, "surat|berkas|dokumen|apa & selesai|jadi & belum ! nikah|pernah|lajang|"
                           "single" },
    { CUE_STATUS, 0, 0.6f, "jadinya|jadi|selesainya kapan" },
    { CUE_STATUS, 0, 1.0f, "saya|kami|punya|anak|suami|istri|kemarin|kemaren|tadi|lalu|kmrn & "
                           "kapan & jadi|selesai|beres|keluar|"
                           "terbit|diambil|jadinya|selesainya|kelar|diproses ! ingin|mau|kalau|"
                           "akan|rencana|bikin|buat|urus|misal" },
    { CUE_STATUS, 0, 0.6f, "kapan jadi|selesai|beres|keluar|terbit|diambil|jadinya|selesainya|"
                           "kelar|bisa" },
    { CUE_STATUS, 0, 1.0f, "cek|lihat|lacak|pantau|tracking|track|mengecek "
                           "status|progres|progress|perkembangan|proses|berkas|permohonan|"
                           "pengajuan" },
    { CUE_STATUS, 0, 1.0f, "status permohonan|pengajuan|berkas|surat|dokumen|saya|pendaftaran|"
                           "proses|ktp|kk|akta|pembuatan ! lajang|single|nikah|kawin|janda|duda|"
                           "belum|perkawinan" },
    /* English order: "is my application done", "my letter ready yet" */
    { CUE_STATUS, 0, 1.0f, "saya|kami permohonan|pengajuan|berkas|dokumen|surat & selesai|jadi|"
                           "diproses|siap ! mau|ingin|akan|hendak|urus|bikin|buat|perlu|butuh" },
    { CUE_STATUS, 0, 1.0f, "nomor registrasi|pendaftaran|register|reg|permohonan|pengajuan|resi|"
                           "tiket|berkas" },
    { CUE_STATUS, 0, 0.8f, "registrasi|noreg" },
    { CUE_STATUS, 0, 0.5f, "status ! lajang|nikah|single|janda|duda|perkawinan|kawin" },
    { CUE_STATUS, 0, 1.0f, "sampai mana" },
    { CUE_STATUS, 0, 1.0f, "berkas|permohonan|pengajuan|dokumen & antar|kirim|serahkan|masukkan|"
                           "ajukan|setor|titip & bagaimana|kabar|kabarnya|kapan|sudah|belum" },
    { CUE_STATUS, 0, 1.0f, "cek|lihat|tanyakan surat|berkas|permohonan|pengajuan saya|kami" },
    { CUE_STATUS, 0, 1.0f, "sudah ada kabar|kabarnya|kejelasan|kepastian" },
    /* "surat yang saya ajukan kemarin statusnya apa" */
    { CUE_STATUS, 0, 1.0f, "ajukan|mengajukan|kirim|antar|serahkan|masukkan|setor|titip & kemarin|"
                           "tadi|lalu & status|statusnya|kabar|kabarnya" },
    { CUE_STATUS, 0, 1.0f, "belum|tidak ada kabar|kejelasan|kepastian|jawaban|info|informasi|"
                           "konfirmasi|panggilan ! ingin|mau" },
    { CUE_STATUS, 0, 1.0f, "sejauh mana" },
    /* handed in this morning, asked after: "tadi pagi ngajuin sku, bisa diambil sore?" */
    { CUE_STATUS, 0, 1.0f, "tadi|kemarin pagi|siang|sore|malam ajukan|mengajukan|kirim|antar|"
                           "serahkan|masukkan|setor|titip|daftar|mendaftar & kapan|belum|sudah|"
                           "bagaimana|kabar|cek|diambil" },
    /* a promised day checked: "jadi hari ini kan?" */
    { CUE_STATUS, 0, 1.0f, "jadi|selesai|beres|diambil hari ini kan" },
    { CUE_STATUS, 0, 1.0f, "jadi|selesai|beres|diambil besok|nanti kan" },
    { CUE_STATUS, 0, 1.0f, "sudah|belum di acc" },
    { CUE_STATUS, 0, 1.0f, "sudah|belum diacc|acc" },
    { CUE_STATUS, 0, 1.0f, "been ditandatangani|diproses|disetujui|diterbitkan|selesai" },
    { CUE_STATUS, 0, 1.0f, "any update|updates|news" },
    { CUE_STATUS, 0, 0.8f, "progres|progress|perkembangan" },
    { CUE_STATUS, 0, 1.0f, "progres|progress|perkembangan|kelanjutan|kabar permohonan|pengajuan|"
                           "berkas|surat|dokumen|ktp|kk|akta|saya|urusan" },
    { CUE_STATUS, 0, 1.0f, "tanya|menanyakan|cek progres|progress|perkembangan|kelanjutan" },
    { CUE_STATUS, 0, 0.8f, "berkas|permohonan|pengajuan|dokumen saya|kami|kemarin|kemaren|"
                           "sy & bagaimana|kabar|kapan|sudah|belum|cek|jadi|selesai" },
    { CUE_STATUS, 0, 1.0f, "sudah|kemarin|tadi|lalu|seminggu|kemaren mengajukan|daftar|kirim|"
                           "masukkan|serahkan|antar|setor|setorkan|mengumpulkan|kumpulkan|"
                           "submit|upload|ajukan|mendaftar|menyerahkan|memasukkan|taruh|titip|"
                           "serahkan|serah|masukin|masukan "
                           "& kapan|belum|sudah|bagaimana|kabar|cek" },
    { CUE_STATUS, 0, 0.6f, "masih|sedang diproses|proses" },

    /* ---- complaints */
    { CUE_COMPLAINT, 0, 1.0f, "komplain|keluhan|mengeluh|mengeluhkan|aduan|mengadu|adukan|"
                              "mengadukan|pengaduan|kecewa|mengecewakan|pungli|pungutan|suap|"
                              "sogok|sogokan|calo|pelicin|dipersulit|dipingpong|diabaikan|"
                              "dicuekin|dicuekkan|ditelantarkan|diskriminasi|korupsi|"
                              "gratifikasi|diping|dioper" },
    { CUE_COMPLAINT, 0, 0.6f, "lapor|melapor|melaporkan|laporan|lapur|laporkan" },
    { CUE_COMPLAINT, 0, 1.0f, "lambat|lelet|lemot|kelamaan|lamban|ngaret" },
    { CUE_COMPLAINT, 0, 1.0f, "lama banget|sekali|amat|bener|nian|sangat|bgt ! pudar|usang|luntur|"
                              "kusam|lusuh" },
    { CUE_COMPLAINT, 0, 1.0f, "terlalu|kok|sangat lama" },
    { CUE_COMPLAINT, 0, 1.0f, "tidak|kurang ramah|sopan|profesional|responsif|becus|disiplin|"
                              "jujur|transparan|adil|melayani|menghargai|peduli|tanggap" },
    { CUE_COMPLAINT, 0, 1.0f, "tidak|belum|jarang dilayani|direspon|direspons|dibalas|"
                              "ditanggapi|diangkat|digubris|diperhatikan|ditindaklanjuti|"
                              "diperbaiki|ditangani" },
    { CUE_COMPLAINT, 0, 0.9f, "judes|jutek|ketus|kasar|galak|sombong|membentak|bentak|dibentak|"
                              "dimarahi|cuek|malas|males|seenaknya|semena" },
    { CUE_COMPLAINT, 0, 0.9f, "petugas|pegawai|staf|oknum|pelayanan|layanan|lurah|admin|kantor|"
                              "pelayanannya|petugasnya|pegawainya & buruk|jelek|payah|parah|"
                              "lambat|kasar|judes|jutek|marah|telat|terlambat|kosong|tidur|"
                              "merokok|ribet|berbelit|mahal|lelet|nongkrong|absen|bolos|"
                              "mengecewakan|lemot|sulit|susah|ngobrol" },
    { CUE_COMPLAINT, 0, 1.0f, "dimintai|dimintain|dipungut|dipalak|dipungli|disuruh|diminta|"
                              "dimintakan|minta|suruh|ditarik|dikenakan|dikenai bayar|uang|"
                              "duit|imbalan|rokok|tip|sumbangan|amplop|ongkos ! lain" },
    { CUE_COMPLAINT, 0, 0.9f, "padahal|katanya|harusnya|seharusnya gratis" },
    { CUE_COMPLAINT, 0, 1.0f, "jalan|gang|jembatan|lampu|pju|got|selokan|saluran|drainase|gorong|"
                              "trotoar|taman|fasilitas|pipa|air|pdam|tiang|kabel|sumur|"
                              "wc|toilet|pagar|atap|tembok|aspal|jalanan|irigasi|parit|"
                              "penerangan & rusak|berlubang|bolong|lubang|ambles|amblas|ambrol|"
                              "jebol|mati|padam|mampet|tersumbat|buntu|banjir|putus|roboh|"
                              "ambruk|retak|bocor|gelap|kotor|meluap|keruh|macet|tumbang|patah|runtuh|"
                              "hancur|becek|licin|tergenang ! ktp|kk|akta|kartu|surat|sim|paspor|ijazah|buku|"
                              "dokumen|berkas|npwp|kia" },
    { CUE_COMPLAINT, 0, 0.9f, "banjir|sampah|longsor|tumbang|kebakaran|preman|premanisme|maling|"
                              "pencurian|narkoba|tawuran|berisik|kebisingan|bising|limbah|"
                              "polusi|genangan|nyamuk|dbd|fogging|pengamen|gepeng|bau|kumuh|"
                              "liar|rawan|begal|judi|miras|mabuk|kriminal|kecelakaan" },
    { CUE_COMPLAINT, 0, 0.7f, "saran|kritik|aspirasi|usul|usulan" },
    { CUE_COMPLAINT, 0, 1.0f, "web|website|situs|aplikasi|portal|link|sistem|server|online|"
                              "webnya|websitenya|aplikasinya & error|down|gangguan|bermasalah|"
                              "gagal|lemot|rusak|mati|macet|hang|crash" },
    { CUE_COMPLAINT, 0, 1.0f, "tidak|belum|jarang pernah|juga|kunjung|sempat dibalas|direspon|"
                              "direspons|ditanggapi|diangkat|dilayani|digubris|ditindaklanjuti|"
                              "diproses|balas|respon|bales" },
    { CUE_COMPLAINT, 0, 1.0f, "pelayanan|pelayanannya|layanan|petugas|sistem|antrean & "
                              "diperbaiki|perbaiki|ditingkatkan|dibenahi|benahi|berantakan|"
                              "kacau|semrawut|amburadul" },
    { CUE_COMPLAINT, 0, 1.0f, "antre|antrean|pelayanan|petugas|informasi|prosedur & tidak|kurang "
                              "jelas|teratur|tertib|adil|becus|transparan" },
    { CUE_COMPLAINT, 0, 0.9f, "diserobot|serobot|menyerobot|nyerobot|curang|pilih kasih" },
    { CUE_COMPLAINT, 0, 0.9f, "antre|antrean lama|panjang|berjam|banget|sekali|bgt|numpuk" },
    { CUE_COMPLAINT, 0, 0.7f, "ditolak|dioper|dilempar|berkali|bolak" },
    { CUE_COMPLAINT, 0, 1.0f, "disuruh|suruh|harus|sudah bolak balik" },
    { CUE_COMPLAINT, 0, 1.0f, "bolak balik terus|lagi|berkali|melulu|mulu" },
    { CUE_COMPLAINT, 0, 1.0f, "ditolak tanpa|terus|lagi|melulu|mulu|padahal" },
    { CUE_COMPLAINT, 0, 0.6f, "tidak|kurang puas" },
    { CUE_COMPLAINT, 0, 1.0f, "tidak|kosong ada|petugas|pegawai|orang & petugas|pegawai|staf|admin|"
                              "melayani|jaga|piket ! ingin|mau|bisa|boleh" },
    { CUE_COMPLAINT, 0, 1.0f, "petugas|pegawai|petugasnya|pegawainya tidak ada|datang|masuk|"
                              "ditempat|di" },
    { CUE_COMPLAINT, 0, 1.0f, "petugas|pegawai|petugasnya|pegawainya kemana|kemana|hilang|pergi" },
    { CUE_COMPLAINT, 0, 0.9f, "resah|meresahkan|terganggu|keributan|ribut|onar" },
    { CUE_COMPLAINT, 0, 1.0f, "mengganggu|ganggu|menganggu & warga|tetangga|lingkungan|jalan" },
    /* a wasted trip or a broken promise, with or without a question */
    { CUE_COMPLAINT, 0, 1.0f, "datang|kesana|kesitu|kesini|kemari & tutup|kosong|dikunci|terkunci|"
                              "digembok|sepi|istirahat & tapi|ternyata|malah|padahal|pas|eh|"
                              "masih ! supaya|agar|jangan" },
    { CUE_COMPLAINT, 0, 1.0f, "tidak|belum ada pengumuman|pemberitahuan|tindakan|penanganan|"
                              "tindaklanjut" },
    /* promised, still not done */
    { CUE_COMPLAINT, 0, 1.0f, "katanya|janjinya|dijanjikan|harusnya|seharusnya & belum|tidak & "
                              "jadi|selesai|beres|keluar" },
    { CUE_COMPLAINT, 0, 1.0f, "belum|tidak jadi|selesai|beres|keluar|kelar juga|jua" },
    { CUE_COMPLAINT, 0, 1.0f, "tulisannya|katanya|infonya|websitenya|website|google & buka & tutup|"
                              "dikunci|terkunci|digembok|kosong" },
    { CUE_COMPLAINT, 0, 1.0f, "janji|dijanjikan|janjinya & belum|tidak|sampai" },
    { CUE_COMPLAINT, 0, 1.0f, "menunggu|nunggu|tunggu & janji|janjinya|dijanjikan" },
    { CUE_COMPLAINT, 0, 1.0f, "bagaimana sih pelayanan|layanan|kerjanya|kerja" },
    { CUE_COMPLAINT, 0, 1.0f, "asked|tanya|asking & money|suap" },
    { CUE_COMPLAINT, 0, 1.0f, "yang benar|bener yang mana" },
    { CUE_COMPLAINT, 0, 1.0f, "kok & sudah & tutup|dikunci|kosong" },
    { CUE_COMPLAINT, 0, 1.0f, "datang|kesana|kesini & tutup|kosong|dikunci & waktu|saat|ketika|"
                              "sudah|real|sebenarnya" },
    { CUE_COMPLAINT, 0, 1.0f, "capek|lelah|pusing & bolak|urus|tunggu|antre|balik" },
    { CUE_COMPLAINT, 0, 1.0f, "tidak jadi jadi" },
    /* closed again, nobody there again, sent home again */
    { CUE_COMPLAINT, 0, 1.0f, "tutup|ditutup|dikunci|kosong|libur lagi|terus|melulu|mulu" },
    { CUE_COMPLAINT, 0, 1.0f, "belum|tidak ada orang|orangnya|petugas|petugasnya|pegawai|"
                              "pegawainya ! ingin|mau|bisa|boleh|balas|jawab|respon|angkat" },
    /* open late: still closed past the hour, staff in late */
    { CUE_COMPLAINT, 0, 1.0f, "belum|tidak buka|dibuka|datang juga" },
    { CUE_COMPLAINT, 0, 1.0f, "kok & belum|tidak buka|dibuka" },
    { CUE_COMPLAINT, 0, 1.0f, "petugas|pegawai|petugasnya|pegawainya|staf|loket & baru datang|"
                              "masuk|buka" },
    /* a wasted trip against what was promised */
    { CUE_COMPLAINT, 0, 1.0f, "datang|kesana|kesitu|kesini|kemari & padahal" },
    { CUE_COMPLAINT, 0, 1.0f, "disuruh|suruh balik|kembali|datang|pulang & besok|lagi|lusa|terus|"
                              "melulu|mulu|selalu" },
    { CUE_COMPLAINT, 0, 1.0f, "tutup|kosong|dikunci & padahal|ternyata" },
    { CUE_COMPLAINT, 0, 1.0f, "web|website|situs|aplikasi|portal|link|webnya|websitenya & tidak|gagal "
                              "bisa|dapat|mau dibuka|diakses|dipakai|masuk|login" },
    { CUE_COMPLAINT, 0, 1.0f, "tidak ada yang angkat|jawab|balas|respon|melayani|diangkat" },
    { CUE_COMPLAINT, 0, 1.0f, "dilewati|dilewatin|dilangkahi|dilompati|diselak" },
    { CUE_COMPLAINT, 0, 1.0f, "kerja|becus tidak sih" },
    { CUE_COMPLAINT, 0, 1.0f, "dimarahi|dimarahin|dibentak|dibentakin|diomeli|dimaki|dihina" },
    { CUE_COMPLAINT, 0, 1.0f, "main|mainan|maen|asyik hp|handphone|ponsel|game|gadget" },
    { CUE_COMPLAINT, 0, 1.0f, "petugas|pegawai|staf|petugasnya|pegawainya|stafnya|staff & judes|"
                              "jutek|ketus|kasar|galak|sombong|cuek|rude" },

    /* ---- a person, please */
    { CUE_HUMAN, 0, 1.0f, "bicara|berbicara|ngobrol|chat|chatting|hubungi|menghubungi|telepon|"
                          "ketemu|bertemu|sambung|sambungkan|disambungkan|hubungkan|dihubungkan|"
                          "konsultasi|dilayani|terhubung|menghadap|jumpa|video|matur & petugas|"
                          "operator|admin|orang|manusia|staf|pegawai|cs|lurah|seseorang|langsung|"
                          "sekretaris|humas|sekdes|kades|camat|manusianya|petugasnya|adminnya" },
    { CUE_HUMAN, 0, 1.0f, "customer service|servis" },
    { CUE_HUMAN, 0, 1.0f, "nomor|kontak|telepon|wa|whatsapp|hp & melayani|dilayani ! kantor|kelurahan|"
                          "balai" },
    { CUE_HUMAN, 0, 1.0f, "nomor|kontak|telepon|wa|whatsapp|hp & petugas|admin|pegawai|staf|"
                          "operator|petugasnya|adminnya|pegawainya|lurah|camat|sekretaris|"
                          "sekdes|kades" },
    { CUE_HUMAN, 0, 1.0f, "cs|operator|manusia|cso|callcenter|hotline" },
    { CUE_HUMAN, 0, 1.0f, "call center" },
    { CUE_HUMAN, 0, 1.0f, "ditelepon|dihubungi|telepon|hubungi balik|kembali" },
    { CUE_HUMAN, 0, 1.0f, "orang asli|beneran|sungguhan|nyata" },
    { CUE_HUMAN, 0, 0.9f, "anyone|somebody|someone ada|ini" },
    { CUE_HUMAN, 0, 1.0f, "bukan|jangan bot|robot|mesin|otomatis" },
    { CUE_HUMAN, 0, 1.0f, "live chat|agent" },
    { CUE_HUMAN, 0, 1.0f, "ngomong|omong|ngobrol|bicara|chat & langsung|petugas|admin|orang|manusia|"
                          "operator|pegawai|staf" },
    { CUE_HUMAN, 0, 0.7f, "bot|robot|chatbot" },
    { CUE_HUMAN, 0, 1.0f, "orang|manusia|petugas|admin yang balas|jawab|respon|bales" },
    { CUE_HUMAN, 0, 1.0f, "bicara|ngobrol|ngomong & orang|manusia|petugas" },
    { CUE_HUMAN, 0, 1.0f, "call|telepon|hubungi me|saya" },
    { CUE_HUMAN, 0, 1.0f, "siapa & hubungi|kontak|menghubungi|dihubungi" },
    { CUE_HUMAN, 0, 0.6f, "admin|petugas|operator|pegawai|staf|adminnya|petugasnya ! halo|hai|"
                          "pagi|siang|sore|malam|assalamualaikum|selamat|permisi|punten|salam" },
    { CUE_HUMAN, 0, 0.9f, "ada admin|petugas|orang|operator|pegawai|adminnya|petugasnya" },
    { CUE_HUMAN, 0, 0.8f, "tanya|nanya|bertanya|bicara langsung" },
    { CUE_HUMAN, 0, 0.8f, "ke petugas|admin|operator|orang" },
    { CUE_HUMAN, 0, 0.5f, "konsultasi|konsul" },
    { CUE_HUMAN, 0, 0.8f, "telepon|call|vc|video & bisa|boleh|minta|mau" },
    { CUE_HUMAN, 0, 1.0f, "minta|mohon|tolong|bisa sambung|sambungkan|hubungkan|dihubungkan|"
                          "disambungkan" },
    { CUE_HUMAN, 0, 1.0f, "mau|ingin|minta|pengen|maunya sama|dengan|ke|bicara orang|petugas|admin|"
                          "manusia|operator|cs|pegawai|staf" },

    /* ---- survey ratings: the longest matched pattern gives the value */
    { CUE_SURVEY, 5, 1.0f, "sangat|amat|paling|super puas|memuaskan" },
    { CUE_SURVEY, 5, 1.0f, "puas sekali|banget|bgt|pol|sangat" },
    { CUE_SURVEY, 4, 1.0f, "puas|memuaskan" },
    { CUE_SURVEY, 3, 1.0f, "cukup|lumayan|agak puas|memuaskan" },
    { CUE_SURVEY, 2, 1.0f, "kurang puas|memuaskan" },
    { CUE_SURVEY, 1, 1.0f, "tidak|tak|belum puas|memuaskan" },
    { CUE_SURVEY, 1, 1.0f, "sangat|amat tidak|kurang puas|memuaskan" },
    { CUE_SURVEY, 1, 0.5f, "kecewa|buruk|jelek|parah" },
    { CUE_SURVEY, 1, 0.5f, "sangat|amat kecewa|buruk|jelek" },
    { CUE_SURVEY, 5, 0.5f, "sangat|amat baik|bagus|mantap" },
    { CUE_SURVEY, 4, 0.5f, "baik|bagus|mantap|oke" },
    { CUE_SURVEY, 3, 0.5f, "cukup|lumayan|biasa|sedang|standar|netral" },
    { CUE_SURVEY, 2, 0.5f, "kurang|kurang baik|bagus" },
    { CUE_SURVEY, 0, 1.0f, "nilai|skor|score|rating|rate|bintang|nilainya|poin|kasih|beri #" },
    { CUE_SURVEY, 0, 1.0f, "# bintang|dari" },
    { CUE_SURVEY, 5, 1.0f, "bintang lima" },
    { CUE_SURVEY, 4, 1.0f, "bintang empat" },
    { CUE_SURVEY, 3, 1.0f, "bintang tiga" },
    { CUE_SURVEY, 2, 1.0f, "bintang dua" },
    { CUE_SURVEY, 1, 1.0f, "bintang satu" },
    { CUE_SURVEY, 0, 1.0f, "# & lumayan|cukup|biasa|bagus|baik|puas|memuaskan|cepat|ramah|mantap|"
                           "kurang|jelek|buruk|lambat|sip|oke|kecewa|top|keren" },

    /* ---- a question about requirements, cost, time or procedure */
    { CUE_REQ, 0, 1.0f, "syarat|persyaratan|dokumen|berkas|bawa|biaya|bayar|tarif|harga|ongkos|"
                        "gratis|prosedur|alur|langkah|tahapan|cara|formulir|blangko|form|format|"
                        "contoh|kelengkapan|lampiran|dibutuhkan|diperlukan|memerlukan|"
                        "membutuhkan|dibawa|disiapkan|siapkan|mekanisme|ketentuan|bawaannya|"
                        "estimasi|ketentuannya" },
    { CUE_REQ, 0, 1.0f, "berapa|seberapa hari|lama" },
    { CUE_REQ, 0, 1.0f, "lama tidak|kah|proses|prosesnya|jadinya|pembuatan|pengurusan|urus" },
    { CUE_REQ, 0, 1.0f, "proses|prosesnya|pembuatan|pengurusan|pembuatannya lama" },
    { CUE_REQ, 0, 1.0f, "apa saja" },

    /* ---- a paper or event already done, told before the need that
     * follows it ("akta kematian sudah ada, sekarang mau balik nama"):
     * its words name no need, and it asks no status (bot.c) */
    { CUE_HAVE, 0, 1.0f, "akta|surat|suket kematian|kelahiran|lahir|kematiannya|kelahirannya "
                         "sudah|telah ada|jadi|punya|selesai|keluar|terbit & sekarang|tinggal|"
                         "mau|ingin|perlu|butuh|supaya ! belum|kapan" },
    { CUE_HAVE, 0, 1.0f, "akta|surat|suket kematian|kelahiran|lahir anak|ibu|ayah|bapak|suami|istri|"
                         "nenek|kakek|saya|kami|almarhum sudah|telah ada|jadi|punya|selesai|"
                         "keluar|terbit & sekarang|tinggal|mau|ingin|perlu|butuh|supaya ! belum|"
                         "kapan" },
    { CUE_HAVE, 0, 1.0f, "kelahiran|kematian surat is already" },
    { CUE_HAVE, 0, 1.0f, "nikah|akad sudah|telah selesai|dilaksanakan|berlangsung & sekarang|"
                         "mau|tinggal ! belum|kapan" },

    /* a card's field quoted, not the need: "status kawin di kk masih belum
     * kawin", "ganti status dari belum kawin ke kawin" */
    { CUE_HAVE, 0, 1.0f, "status nikah|kawinnya|nikahnya|perkawinan|perkawinannya & masih|tertulis|"
                         "ditulis|tercatat belum nikah|kawin" },
    { CUE_HAVE, 0, 1.0f, "belum nikah|kawin ke|jadi|menjadi nikah|kawin|sudah" },

    /* ---- another office's paper, in words a service shares: a lost or
     * replaced land title is the land office's (BPN), not an estate */
    { CUE_ELSEWHERE, 0, 1.0f, "sertifikat|sertipikat|shm tanah|rumah & hilang|rusak|hangus|"
                              "terbakar|kebakar|robek ! waris|warisan|meninggal|almarhum|tiada|"
                              "wafat|ahliwaris|baliknama|peninggalan|ahli|nama" },

    /* ---- a document being sent (captions of media messages) */
    { CUE_DOC, 0, 1.0f, "ktp|kk|akta|nik|npwp|paspor|ijazah|kia|identitas|sim|kitas|ktpnya|"
                        "kknya|aktanya" },
    { CUE_DOC, 0, 1.0f, "kartu keluarga|identitas|tanda" },
    { CUE_DOC, 0, 1.0f, "buku nikah" },

    /* ---- an ID card about to be sent in the chat ("saya kirimkan foto
     * KTP-nya ya"): warned before the photo comes (bot.c) */
    { CUE_IDSEND, 0, 1.0f, "kirim|kirimkan|kirimin|kukirim|dikirim|dikirimkan|mengirim|"
                           "mengirimkan|krm|send|upload|unggah|diupload|diunggah|mengunggah|"
                           "lampirkan|melampirkan|dilampirkan|terlampir|share|fotoin|fotokan|"
                           "difotoin|difotokan|kirimkan & ktp|kk|ktpnya|kknya|"
                           "ektp|identitas|akta|aktanya" },
    { CUE_IDSEND, 0, 1.0f, "foto|fotonya|poto|photo|scan|scanan|gambar & ktp|kk|ktpnya|kknya|"
                           "ektp|akta|aktanya & ini|nih|berikut|terlampir" },
    { CUE_IDSEND, 0, 1.0f, "ini|berikut|terlampir ktp|kk|ktpnya|kknya|ektp|akta|aktanya ! hilang|"
                           "rusak|ganti|mau|ingin|bagaimana|apa|syarat|bikin|buat|urus|salah" },
    { CUE_IDSEND, 0, 1.0f, "ini|berikut & saya & ktp|kk|ektp|akta ! hilang|rusak|ganti|mau|ingin|"
                           "bagaimana|apa|syarat|bikin|buat|urus|salah|perlu|kah|bisa|boleh|"
                           "kapan|dimana|berapa|masih|belum|sudah" },
    { CUE_IDSEND, 0, 1.0f, "kartu keluarga & kirim|kirimkan|kirimin|kukirim|mengirim|"
                           "mengirimkan|upload|unggah|lampirkan|foto|fotonya" },
};

enum { NDEFS = sizeof defs / sizeof defs[0] };

/* -------------------------------------------------------- distinct words */

enum { WORD_POOL = 16384, MAX_WORDS = 2048 };
/* Set when a table was too small for the patterns: some words or slots
 * were left out, so some patterns cannot match (cues_complete()). */
static int overflow;
static char wpool[WORD_POOL];
static const char *words[MAX_WORDS];
static size_t nwords;
static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static int is_sep(char c)
{
    return c == ' ' || c == '|' || c == '&' || c == '!' || c == '\0';
}

static void words_init(void)
{
    size_t o = 0;
    for (size_t d = 0; d < NDEFS; d++) {
        for (const char *p = defs[d].pat; *p;) {
            while (*p && is_sep(*p)) p++;
            const char *w = p;
            while (!is_sep(*p)) p++;
            size_t len = (size_t)(p - w);
            if (len == 0 || (len == 1 && *w == '#')) continue;
            size_t k = 0;       /* once each: lang.c keys its table by word */
            while (k < nwords && !(words[k][0] == *w && strlen(words[k]) == len
                                   && memcmp(words[k], w, len) == 0))
                k++;
            if (k < nwords) continue;
            if (o + len + 1 > sizeof wpool || nwords >= MAX_WORDS) {
                overflow = 1;
                return;
            }
            memcpy(wpool + o, w, len);
            wpool[o + len] = '\0';
            words[nwords++] = wpool + o;
            o += len + 1;
        }
    }
}

size_t cue_word_count(void)
{
    pthread_once(&words_once, words_init);
    return nwords;
}

const char *cue_word(size_t i)
{
    pthread_once(&words_once, words_init);
    return i < nwords ? words[i] : "";
}

/* -------------------------------------------------------------- compiled */

enum { MAX_GROUPS = 4, MAX_SLOTS = 2048, MAX_ALTS = 8192, ALT_DIGIT = -2 };

struct cslot { uint16_t alt0, nalt; };
struct cgroup { uint16_t slot0; uint8_t nslot; };
struct cpat {
    uint8_t ngroup;         /* positive groups */
    int8_t neg;             /* index of the '!' group in g[], -1 if none */
    uint8_t nslots;         /* slots of the positive groups: the pattern's length */
    struct cgroup g[MAX_GROUPS];
};

static struct cslot slots[MAX_SLOTS];
static size_t nslots;
static long alts[MAX_ALTS];
static size_t nalts;
static struct cpat pats[NDEFS];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_one(const char *p, struct cpat *cp)
{
    memset(cp, 0, sizeof *cp);
    cp->neg = -1;
    int gi = 0, negative = 0;
    struct cgroup *g = &cp->g[0];
    g->slot0 = (uint16_t)nslots;
    while (*p) {
        while (*p == ' ') p++;
        if (*p == '&' || *p == '!') {
            if (gi + 1 >= MAX_GROUPS) {
                overflow = 1;
                return;
            }
            negative = *p == '!';
            p++;
            g = &cp->g[++gi];
            g->slot0 = (uint16_t)nslots;
            if (negative) cp->neg = (int8_t)gi;
            continue;
        }
        if (!*p) break;
        /* One slot: alternatives up to the next space. */
        if (nslots >= MAX_SLOTS) {
            overflow = 1;
            return;
        }
        struct cslot *s = &slots[nslots++];
        s->alt0 = (uint16_t)nalts;
        s->nalt = 0;
        while (*p && *p != ' ') {
            const char *w = p;
            while (*p && *p != ' ' && *p != '|') p++;
            size_t len = (size_t)(p - w);
            if (*p == '|') p++;
            if (len == 0) continue;
            long id = (len == 1 && *w == '#') ? ALT_DIGIT : lang_index(w, len);
            if (id == -1 || nalts >= MAX_ALTS) {
                overflow = 1;   /* a word lang.c lacks, or no room */
                continue;
            }
            alts[nalts++] = id;
            s->nalt++;
        }
        g->nslot++;
        if (!negative) cp->nslots++;
    }
    cp->ngroup = (uint8_t)(gi + 1);
}

static void compile_all(void)
{
    lang_init();
    for (size_t d = 0; d < NDEFS; d++) compile_one(defs[d].pat, &pats[d]);
}

void cues_init(void)
{
    pthread_once(&compile_once, compile_all);
}

int cues_complete(void)
{
    cues_init();
    return !overflow;
}

/* ------------------------------------------------------------- matching */

static int slot_has(const struct cslot *s, long id, uint8_t digit)
{
    for (uint16_t k = 0; k < s->nalt; k++) {
        long a = alts[s->alt0 + k];
        if (a == id || (a == ALT_DIGIT && digit >= 1 && digit <= 5)) return 1;
    }
    return 0;
}

/* Lang indices present in the message, one bit each: most patterns are
 * rejected by their first slot without scanning the words. */
enum { PRESENT_WORDS = LANG_MAX_ENTRIES };
struct present {
    uint64_t bit[PRESENT_WORDS / 64];
    int digit;
};

static int slot_present(const struct cslot *s, const struct present *pr)
{
    for (uint16_t k = 0; k < s->nalt; k++) {
        long a = alts[s->alt0 + k];
        if (a == ALT_DIGIT ? pr->digit
                           : (a >= 0 && a < PRESENT_WORDS && (pr->bit[a >> 6] >> (a & 63)) & 1))
            return 1;
    }
    return 0;
}

/* First position where group g's slots match consecutive words, or -1. */
static long group_at(const struct cgroup *g, const struct cue_input *in, const struct present *pr)
{
    if (g->nslot == 0 || g->nslot > in->n) return -1;
    for (uint8_t k = 0; k < g->nslot; k++)
        if (!slot_present(&slots[g->slot0 + k], pr)) return -1;
    for (size_t i = 0; i + g->nslot <= in->n; i++) {
        size_t k = 0;
        while (k < g->nslot
               && slot_has(&slots[g->slot0 + k], in->lang[i + k], in->digit[i + k]))
            k++;
        if (k == g->nslot) return (long)i;
    }
    return -1;
}

/* The digit matched by the '#' slot of a matched pattern, or 0. */
static int pattern_digit(const struct cpat *cp, const struct cue_input *in, const long *at)
{
    for (uint8_t gi = 0; gi < cp->ngroup; gi++) {
        if (gi == cp->neg) continue;
        const struct cgroup *g = &cp->g[gi];
        for (uint8_t k = 0; k < g->nslot; k++) {
            const struct cslot *s = &slots[g->slot0 + k];
            for (uint16_t a = 0; a < s->nalt; a++)
                if (alts[s->alt0 + a] == ALT_DIGIT) return in->digit[at[gi] + k];
        }
    }
    return 0;
}

void cues_match(const struct cue_input *in, struct cue_result *out, uint8_t *consumed)
{
    struct present pr;
    memset(out, 0, sizeof *out);
    memset(&pr, 0, sizeof pr);
    cues_init();
    for (size_t i = 0; i < in->n; i++) {
        long l = in->lang[i];
        if (l >= 0 && l < PRESENT_WORDS) pr.bit[l >> 6] |= 1ull << (l & 63);
        if (in->digit[i] >= 1 && in->digit[i] <= 5) pr.digit = 1;
    }
    for (size_t d = 0; d < NDEFS; d++) {
        const struct cpat *cp = &pats[d];
        long at[MAX_GROUPS];
        int ok = 1;
        for (uint8_t gi = 0; gi < cp->ngroup && ok; gi++) {
            at[gi] = group_at(&cp->g[gi], in, &pr);
            ok = gi == cp->neg ? at[gi] < 0 : at[gi] >= 0;
        }
        if (!ok) continue;
        const struct cue_def *def = &defs[d];
        if (def->weight > out->weight[def->cls]) out->weight[def->cls] = def->weight;
        if (def->cls == CUE_SURVEY) {
            int v = def->value ? def->value : pattern_digit(cp, in, at);
            if (v >= 1 && v <= 5
                && (cp->nslots > out->rating_len
                    || (cp->nslots == out->rating_len && def->weight > out->rating_weight))) {
                out->rating = v;
                out->rating_len = cp->nslots;
                out->rating_weight = def->weight;
            }
        }
        if (def->weight < CUE_CONSUME || def->cls == CUE_REQ || def->cls == CUE_DOC
            || def->cls == CUE_IDSEND || def->cls == CUE_SURVEY || !consumed)
            continue;
        for (uint8_t gi = 0; gi < cp->ngroup; gi++) {
            if (gi == cp->neg) continue;
            for (uint8_t k = 0; k < cp->g[gi].nslot; k++) consumed[at[gi] + k] = 1;
        }
    }
}
