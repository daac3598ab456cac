/* idphoto_classify: OCR text of ID cards and of what else citizens
 * photograph. The card texts are what Tesseract gives for a phone photo
 * (labels in one column, values in the next, noise and look-alike
 * letters), with invented data only. A missed card means a NIK sits in the
 * chat unnoticed; a flagged receipt means a confusing warning, so both
 * directions are tested. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "channels/idphoto.h"

/* A KTP as Tesseract reads the synthetic card of tests/e2e/idcards.mjs:
 * the labels first, then the values, the colon in front of the NIK read
 * as a 1. */
static const char *ktp_columns =
    "NIK\nNama\nTempat/Tgl Lahir\nJenis Kelamin\nAlamat\nRT/RW\nKel/Desa\nKecamatan\nAgama\n"
    "Status Perkawinan\nPekerjaan\nKewarganegaraan\nBerlaku Hingga\n\n"
    "PROVINSI DKI JAKARTA\nKOTA JAKARTA PUSAT\n\n13171012345670003\n: BUDI CONTOH SAJA\n\n"
    ": JAKARTA, 17-08-1990\n:LAKELAKI Gol. Darah : 0\n:JL. CONTOH RAYA NO. 1\n003/005\n\n"
    ":GAMBIR\n\n: GAMBIR\n\n:ISLAM\n\n: BELUM KAWIN\n\n: KARYAWAN SWASTA\n\n: WNI\n"
    ": SEUMUR HIDUP\n";

/* The same card read line by line, as on a straight, sharp photo. */
static const char *ktp_lines =
    "PROVINSI JAWA BARAT\nKABUPATEN BOGOR\n"
    "NIK : 3201012345670003\n"
    "Nama : SITI CONTOH\n"
    "Tempat/Tgl Lahir : BOGOR, 01-02-1985\n"
    "Jenis Kelamin : PEREMPUAN Gol. Darah : A\n"
    "Alamat : KP. CONTOH\n  RT/RW : 001/002\n  Kel/Desa : CIBINONG\n  Kecamatan : CIBINONG\n"
    "Agama : ISLAM\nStatus Perkawinan : KAWIN\nPekerjaan : MENGURUS RUMAH TANGGA\n"
    "Kewarganegaraan : WNI\nBerlaku Hingga : SEUMUR HIDUP\nBOGOR\n12-05-2018\n";

/* A tilted, blurred photo: look-alike letters in labels and number,
 * spaces inside the number, labels cut. */
static const char *ktp_garbled =
    "PROVlNSI JAWA TlMUR\nKOTA SURABAYA\n"
    "N1K : 3578 O1234S67 OOO3\n"
    "Nama : AGUS C0NTOH\n"
    "Tempat/Tgi Lahir : SURABAYA. 1O-1O-1979\n"
    "Jenis Kelamln : LAKI-LAKl Gol Darah : -\n"
    "Aiamat : JL. MAWAR 5\n RT/RW : OO4/OO1\n Kel/Desa : GUBENG\n"
    "5tatus Perkawlnan : KAWIN\nPekerjaan : WlRASWASTA\n"
    "Berlaku Hlngga : SEUMUR HlDUP\n";

/* A Kartu Keluarga: header, then the family table's headers and rows. */
static const char *kk_clean =
    "KARTU KELUARGA\nNo. 3171012345670001\n"
    "Nama Kepala Keluarga : BUDI CONTOH SAJA      Desa/Kelurahan : GAMBIR\n"
    "Alamat : JL. CONTOH RAYA NO. 1                Kecamatan : GAMBIR\n"
    "RT/RW : 003/005                              Kabupaten/Kota : JAKARTA PUSAT\n"
    "Kode Pos : 10110                             Provinsi : DKI JAKARTA\n"
    "No Nama Lengkap NIK Jenis Kelamin Tempat Lahir Tanggal Lahir Agama Pendidikan "
    "Jenis Pekerjaan\n"
    "1 BUDI CONTOH SAJA 3171012345670003 LAKI-LAKI JAKARTA 17-08-1990 ISLAM SLTA/SEDERAJAT "
    "KARYAWAN SWASTA\n"
    "2 ANI CONTOH 3171014567890004 PEREMPUAN JAKARTA 02-03-1992 ISLAM DIPLOMA IV/STRATA I "
    "MENGURUS RUMAH TANGGA\n"
    "No Status Perkawinan Status Hubungan Dalam Keluarga Kewarganegaraan No. Paspor "
    "No. KITAS/KITAP Nama Ayah Nama Ibu\n";

/* The same with the title and number garbled, the table mostly lost. */
static const char *kk_garbled =
    "KARTU KELUARCA\nNo. 3171 0123 4567 OOO1\n"
    "Nama Kepala Keluarqa : BUDI CONTOH\n"
    "~ ,. ;\n";

/* A KK photo whose big title did not come out, with the table read. */
static const char *kk_untitled =
    "No. 3171012345670001\nNama Kepala Keluarga : BUDI\n"
    "Status Hubungan Dalam Keluarga Kewarganegaraan Nama Ayah Nama Ibu\n";

static void test_cards(void **state)
{
    (void)state;
    assert_int_equal(idphoto_classify(ktp_columns), IDPHOTO_KTP);
    assert_int_equal(idphoto_classify(ktp_lines), IDPHOTO_KTP);
    assert_int_equal(idphoto_classify(ktp_garbled), IDPHOTO_KTP);
    assert_int_equal(idphoto_classify(kk_clean), IDPHOTO_KK);
    assert_int_equal(idphoto_classify(kk_garbled), IDPHOTO_KK);
    assert_int_equal(idphoto_classify(kk_untitled), IDPHOTO_KK);
    /* CRLF line ends and lower case change nothing */
    assert_int_equal(idphoto_classify(
        "provinsi bali\r\nnik : 5171012345670003\r\ntempat/tgl lahir : denpasar\r\n"
        "jenis kelamin : laki-laki gol. darah : b\r\nberlaku hingga : seumur hidup\r\n"),
        IDPHOTO_KTP);
}

static void test_not_cards(void **state)
{
    (void)state;
    /* a minimarket receipt: a 16-digit transaction number, no card labels */
    assert_int_equal(idphoto_classify(
        "INDOMARET\nJL. CONTOH NO. 5 BOGOR\nNPWP 01.234.567.8-901.000\n"
        "AQUA 600ML 2 x 3.500 7.000\nINDOMIE GORENG 5 x 3.100 15.500\n"
        "TOTAL 22.500\nTUNAI 50.000\nKEMBALI 27.500\nNo. Trx 1234567890123456\n"
        "Tgl. 23-11-2026 10:15:22\nTERIMA KASIH\n"), IDPHOTO_NONE);
    /* a letter from the RT that asks for a NIK once, masked */
    assert_int_equal(idphoto_classify(
        "RUKUN TETANGGA 003 RUKUN WARGA 005\nKELURAHAN JELITIK\nSURAT PENGANTAR\n"
        "Yang bertanda tangan di bawah ini Ketua RT 003 menerangkan bahwa:\n"
        "Nama : BUDI CONTOH\nNIK : 3171********0003\nTempat/Tgl Lahir : JAKARTA, 17-08-1990\n"
        "Jenis Kelamin : Laki-laki\nAgama : Islam\nPekerjaan : Karyawan\n"
        "Alamat : RT 003/RW 005\nbenar warga kami, untuk mengurus Kartu Keluarga.\n"), IDPHOTO_NONE);
    /* the same letter with the full NIK written in: still a letter, not a KTP */
    assert_int_equal(idphoto_classify(
        "SURAT PENGANTAR\nNama : BUDI CONTOH\nNIK : 3171012345670003\n"
        "Tempat/Tgl Lahir : JAKARTA, 17-08-1990\nJenis Kelamin : Laki-laki\nAgama : Islam\n"
        "Status Perkawinan : Kawin\nPekerjaan : Karyawan\nKewarganegaraan : WNI\n"), IDPHOTO_NONE);
    /* a street photo: nothing, or a little noise */
    assert_int_equal(idphoto_classify(""), IDPHOTO_NONE);
    assert_int_equal(idphoto_classify(NULL), IDPHOTO_NONE);
    assert_int_equal(idphoto_classify("\n\n ~ _ .\n"), IDPHOTO_NONE);
    assert_int_equal(idphoto_classify("Jalan berlubang di RT 03 dekat masjid\n"), IDPHOTO_NONE);
    /* a bank form with a 16-digit account number and personal fields */
    assert_int_equal(idphoto_classify(
        "FORMULIR PEMBUKAAN REKENING\nNama Lengkap : BUDI CONTOH\n"
        "Tempat/Tgl Lahir : JAKARTA, 17-08-1990\nJenis Kelamin : L\nAgama : Islam\n"
        "Pekerjaan : Karyawan\nAlamat : JL. CONTOH 1\nNo. Rekening : 1234 5678 9012 3456\n"
        "Nama Ibu Kandung : SITI\n"), IDPHOTO_NONE);
    /* a KTP-like layout whose number is too long (an account, not a NIK) */
    assert_int_equal(idphoto_classify(
        "NIK : 31710123456700031\nTempat/Tgl Lahir : X\nGol. Darah : O\nBerlaku Hingga : X\n"),
        IDPHOTO_NONE);
    /* a phone number and a date are not a NIK */
    assert_int_equal(idphoto_classify(
        "NIK 0812-3456-7890 17-08\nGol. Darah O\nBerlaku Hingga SEUMUR HIDUP\nAgama ISLAM\n"),
        IDPHOTO_NONE);
}

static void test_bytes(void **state)
{
    (void)state;
    assert_true(idphoto_is_image("\xFF\xD8\xFF\xE0", 4));
    assert_true(idphoto_is_image("\x89PNG\r\n\x1a\n\0\0", 10));
    assert_false(idphoto_is_image("%PDF-1.4", 8));
    assert_false(idphoto_is_image("\xFF\xD8", 2));
    assert_false(idphoto_is_image(NULL, 0));
    /* what cannot be decoded is "unknown", never a crash */
    struct idphoto r;
    assert_int_equal(idphoto_check("\xFF\xD8\xFF\xE0garbage", 11, "image/jpeg", &r), 0);
    assert_int_equal(r.kind, IDPHOTO_UNKNOWN);
    assert_int_equal(idphoto_check("not an image", 12, NULL, &r), 0);
    assert_int_equal(r.kind, IDPHOTO_UNKNOWN);
    assert_string_equal(idphoto_name(IDPHOTO_KK), "kk");
    assert_string_equal(idphoto_label(IDPHOTO_KTP), "KTP");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cards),
        cmocka_unit_test(test_not_cards),
        cmocka_unit_test(test_bytes),
    };
    return cmocka_run_group_tests_name("idphoto", tests, NULL, NULL);
}
