/* lang: the bot's static knowledge of everyday Indonesian (see lang.h).
 *
 * The tables below are plain text so that a reviewer who speaks Indonesian
 * can read and extend them: whitespace-separated words, "from=to" for chat
 * spellings, "targets : keys" for concepts. All words are lower case ASCII
 * and already in their standard spelling (a chat spelling is replaced
 * before any other lookup). They are generic language knowledge; nothing
 * here names a service of a particular catalogue: catalogues are matched
 * through their own names, synonyms and summaries (catalogue.c). */
#include "bot/lang.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bot/cues.h"
#include "util/hash.h"

/* Chat spellings, abbreviations and inflections -> one standard form. */
static const char slang_text[] =
    /* question words and particles */
    "gmn=bagaimana gmna=bagaimana gimana=bagaimana gimna=bagaimana gmana=bagaimana "
    "bgmn=bagaimana bgm=bagaimana bgmna=bagaimana bagaimanakah=bagaimana gemana=bagaimana "
    "brp=berapa brapa=berapa brpa=berapa berapaan=berapa "
    "dmn=dimana dmna=dimana dimn=dimana dmana=dimana dimanakah=dimana "
    "knp=kenapa knapa=kenapa napa=kenapa kpn=kapan kapn=kapan kapankah=kapan "
    "ap=apa apaan=apa apakah=apa apasaja=apa "
    /* negation, aspect */
    "ga=tidak gak=tidak gk=tidak g=tidak ngga=tidak nggak=tidak engga=tidak enggak=tidak "
    "kagak=tidak gag=tidak nda=tidak ndak=tidak tdk=tidak tak=tidak ndk=tidak gx=tidak "
    "blm=belum blom=belum blum=belum belom=belum lom=belum durung=belum dereng=belum "
    "sdh=sudah udh=sudah udah=sudah dah=sudah sudh=sudah uda=sudah sampun=sudah "
    "bs=bisa bsa=bisa bisakah=bisa dpt=dapat dapet=dapat "
    "msh=masih masi=masih lg=lagi lgi=lagi "
    /* pronouns, address */
    "sy=saya sya=saya aq=saya aku=saya gw=saya gue=saya gua=saya ane=saya "
    "kmu=kamu km=kamu sampeyan=kamu "
    "bpk=bapak bp=bapak ibuk=ibu mimin=min "
    /* conjunctions, prepositions */
    "yg=yang yng=yang dg=dengan dgn=dengan dng=dengan sm=sama ama=sama "
    "dr=dari dri=dari utk=untuk untk=untuk bwt=buat kalo=kalau klo=kalau klu=kalau "
    "kl=kalau krn=karena karna=karena coz=karena tp=tapi tpi=tapi tetapi=tapi "
    "trs=terus trus=terus jd=jadi jdi=jadi jg=juga jga=juga aj=saja aja=saja ajah=saja "
    "sj=saja cm=cuma cmn=cuma cuman=cuma pd=pada spy=supaya biar=supaya "
    "emg=memang emang=memang mmg=memang bgt=banget bngt=banget bnyk=banyak "
    "pdhl=padahal pdahal=padahal skrg=sekarang skr=sekarang skrang=sekarang "
    "kmrn=kemarin kmarin=kemarin kemaren=kemarin bsk=besok besuk=besok "
    "hr=hari tgl=tanggal bln=bulan thn=tahun mgg=minggu "
    "mau=mau mo=mau mw=mau pengen=ingin pgn=ingin pingin=ingin pengin=ingin "
    "tlg=tolong mhn=mohon org=orang orng=orang mksd=maksud "
    "dtg=datang dtng=datang ktr=kantor kntr=kantor kel=kelurahan sekel=sekretaris seklur=sekretaris "
    "klurahan=kelurahan kelurhan=kelurahan kelurahn=kelurahan kec=kecamatan "
    /* thanks, greetings */
    "malem=malam tau=tahu "
    "mksh=makasih makasi=makasih mkasih=makasih maksih=makasih mksih=makasih "
    "makasihh=makasih trims=makasih trimakasih=terimakasih thx=makasih tq=makasih "
    "tks=makasih ty=makasih thanks=makasih thank=makasih tengkyu=makasih tengkiyu=makasih "
    "thankyou=makasih nuwun=makasih suwun=makasih "
    "ass=assalamualaikum aslm=assalamualaikum askum=assalamualaikum "
    "asw=assalamualaikum assalamu=assalamualaikum asalamualaikum=assalamualaikum "
    "assalammualaikum=assalamualaikum assalamualaikun=assalamualaikum "
    "asslamualaikum=assalamualaikum assalamualikum=assalamualaikum "
    "samlekom=assalamualaikum salamualaikum=assalamualaikum "
    "assalamuallaikum=assalamualaikum assalaamualaikum=assalamualaikum "
    "hallo=halo hello=halo helo=halo haloo=halo hy=hai hay=hai hei=hai hey=hai hi=hai "
    "met=selamat slmt=selamat slamat=selamat "
    "ok=oke okay=oke okey=oke okee=oke okeh=oke okey=oke oce=oke "
    "sipp=sip siip=sip mantab=mantap "
    /* service words */
    "ket=keterangan ktrngn=keterangan keterngan=keterangan srt=surat surt=surat "
    "akte=akta ijin=izin jln=jalan perijinan=perizinan "
    "kawin=nikah menikah=nikah nikahkan=nikah pernikahan=nikah perkawinan=nikah "
    "merried=nikah married=nikah nikh=nikah "
    "lahiran=lahir ngelahirin=melahirkan "
    "alm=almarhum almh=almarhum almarhumah=almarhum mendiang=almarhum "
    "ortu=ortu ortunya=ortu "
    "ektp=ktp ktpel=ktp ktp2=ktp "
    "no=nomor nmr=nomor nomer=nomor "
    "tlp=telepon telp=telepon telpon=telepon tlpn=telepon nelpon=telepon "
    "loc=lokasi lok=lokasi location=lokasi lokasinya=lokasi "
    "sharelok=shareloc sherlok=shareloc shareloc=shareloc "
    "pelayananya=pelayanan layananya=layanan "
    "complain=komplain komplen=komplain "
    "ngurus=urus ngurusin=urus ngurusnya=urus diurus=urus diurusin=urus mengurus=urus "
    "mengurusi=urus pengurusan=urus urusin=urus ngurusi=urus "
    "bikinin=bikin dibikin=bikin dibikinin=bikin bikinkan=bikin "
    "buatin=buat dibuatin=buat dibuatkan=buat buatkan=buat membuat=buat pembuatan=buat "
    "nanya=tanya nanyain=tanya bertanya=tanya tanyain=tanya "
    "gratiss=gratis brapa=berapa "
    "syaratnya=syarat persyaratannya=persyaratan syarat2=syarat "
    "antri=antre antrian=antrean antrinya=antre "
    "kk2=kk pundi=mana endi=mana ndi=mana dimanakah=dimana deket=dekat "
    "nyerahin=serahkan nyerahkan=serahkan serahin=serahkan diserahkan=serahkan "
    "ngumpulin=kumpulkan ngajuin=ajukan ngajukan=ajukan masukin=masukkan "
    "eror=error erorr=error errorr=error "
    /* Javanese, Sundanese, Betawi, Malay */
    "opo=apa ape=apa naon=apa wae=saja bae=saja piye=bagaimana kepiye=bagaimana "
    "pripun=bagaimana kumaha=bagaimana gimane=bagaimana macammana=bagaimana "
    "sing=yang karo=dengan kaliyan=dengan ning=di nang=di teng=di arep=mau ajeng=mau "
    "bade=mau hoyong=ingin kulo=saya kula=saya abdi=saya aye=saya awak=saya "
    "njenengan=anda panjenengan=anda sampeyan=anda udeh=sudah wis=sudah uwis=sudah "
    "wes=sudah uwes=sudah durung=belum dereng=belum iraha=kapan sabaraha=berapa pinten=berapa piro=berapa "
    "nggih=iya inggih=iya enggeh=iya muhun=iya nak=mau teu=tidak henteu=tidak ora=tidak "
    "mboten=tidak nyieun=bikin damel=bikin ndamel=bikin gawe=bikin nggawe=bikin "
    "kanggo=untuk kangge=untuk gae=untuk badhe=mau nopo=apa menopo=apa mawon=saja wae=saja "
    "sakola=sekolah sekola=sekolah pripun=bagaimana kados=bagaimana ngadamel=bikin "
    "anyar=baru kedah=harus nyandak=bawa naros=tanya tanglet=tanya upami=kalau "
    "ngelayanin=melayani ngelayani=melayani layanin=melayani "
    /* Javanese krama and ngoko */
    "serat=surat seratipun=surat seratnya=surat dados=jadi dadi=jadi rampung=selesai "
    "sampun=sudah empun=sudah dereng=belum urung=belum pinten=berapa bikak=buka bukak=buka "
    "wonten=ada ical=hilang ilang=hilang seda=meninggal lair=lahir lairipun=lahir "
    "nembe=baru enggal=baru ngintun=kirim kepengker=lalu setu=sabtu dinten=hari "
    "nyuwun=mohon pirsa=tanya takon=tanya badhe=mau ajeng=mau ingkang=yang menapa=apa "
    "punapa=apa nggih=iya simbah=nenek mbah=nenek piyambak=sendiri "
    "kantoripun=kantor syaratipun=syarat suratipun=surat "
    /* Sundanese */
    "tos=sudah parantos=sudah rengse=selesai acan=belum leungit=hilang tiasa=bisa "
    "dicandak=diambil candak=ambil "
    "palih=sebelah kantorna=kantor pupus=meninggal suratna=surat wilujeng=selamat naros=tanya nyuhunkeun=minta dugi=sampai "
    /* Betawi */
    "belon=belum ude=sudah udeh=sudah aje=saja ampe=sampai berape=berapa mane=mana "
    "dimane=dimana enyak=ibu nyak=ibu babe=bapak babeh=bapak musti=harus kudu=harus "
    "kagak=tidak ngurusnye=urus suratnye=surat kematiannye=kematian gimane=bagaimana "
    "janjinye=janjinya pelayanannye=pelayanan "
    /* Balinese and Sasak: "suksma", "tiang mele betakon" */
    "suksma=makasih mele=mau betakon=tanya "
    /* Bangka-Belitung and Riau Malay */
    "la=sudah jm=jam tlt=telat sikit=sedikit mintak=minta kamek=saya kame=saya cemane=bagaimana camane=bagaimana dak=tidak de=ada urang=orang "
    "bales=balas dibales=dibalas nak=mau ngape=kenapa syaratnye=syarat betanya=tanya "
    "batanya=tanya nanye=tanya "
    /* Minang */
    "ambo=saya awak=saya nio=mau surek=surat kantua=kantor pukua=pukul bara=berapa "
    "dima=dimana alah=sudah alun=belum salasai=selesai tarimo=terima maurus=urus "
    "mambuek=bikin baa=bagaimana caronyo=caranya katarangan=keterangan kalahiran=kelahiran "
    "manikah=nikah pangantar=pengantar untuak=untuk kalurahan=kelurahan batanyo=tanya "
    "tanyo=tanya apo=apa sajo=saja indak=tidak mano=mana dimano=dimana syaraiknyo=syarat "
    /* Eastern Malay (Ambon, Manado, Kupang, Papua): "beta pung surat so jadi ka seng" */
    "beta=saya sa=saya torang=kami katong=kami pung=punya pu=punya so=sudah su=sudah "
    "seng=tidak sonde=tidak bekeng=bikin kaka=kakak dolo=dulu dapa=dapat danke=makasih "
    "tra=tidak bapa=bapak makase=makasih "
    /* Banjar: "ulun handak minta surat gasan sekolah, apa haja syaratnya" */
    "ulun=saya handak=mau kada=tidak gasan=untuk haja=saja batakun=tanya bapander=bicara "
    /* Bugis-Makassar Malay: "mauka", "sudah mi" */
    "mauka=mau maui=mau sudahmi=sudah sudami=sudah jadimi=jadi bikinka=bikin "
    /* English */
    "letter=surat certificate=surat statement=keterangan birth=kelahiran baby=bayi "
    "born=lahir newborn=bayi death=kematian died=meninggal dead=meninggal deceased=almarhum "
    "father=bapak dad=bapak mother=ibu mom=ibu wife=istri husband=suami child=anak son=anak "
    "daughter=anak police=polisi clearance=skck record=catatan domicile=domisili "
    "residence=domisili resident=domisili move=pindah moving=pindah relocate=pindah "
    "business=usaha shop=toko store=toko loan=pinjaman income=penghasilan salary=gaji "
    "poor=miskin inheritance=warisan heir=waris heirs=waris inherit=waris "
    "travel=bepergian trip=perjalanan permit=izin party=pesta event=acara wedding=nikah "
    "marry=nikah marriage=nikah unmarried=lajang lost=hilang stolen=dicuri damaged=rusak "
    "new=baru renew=ganti register=daftar family=keluarga card=kartu office=kantor "
    "open=buka opening=buka opens=buka closed=tutup close=tutup hours=jam time=jam "
    "where=dimana address=alamat located=lokasi ready=selesai finished=selesai "
    "yet=belum talk=bicara speak=bicara person=orang human=manusia staff=petugas "
    "officer=petugas rude=kasar slow=lambat "
    "passport=paspor requirements=syarat documents=dokumen document=dokumen fee=biaya "
    "cost=biaya how=bagaimana what=apa when=kapan sunday=minggu saturday=sabtu "
    "today=hari monday=senin friday=jumat now=sekarang very=sangat satisfied=puas "
    "great=bagus divide=dibagi land=tanah someone=seseorang complain=komplain live=tinggal "
    "lives=tinggal living=tinggal poverty=miskin disappointed=kecewa disappointing=kecewa "
    "holiday=libur holidays=libur question=pertanyaan questions=pertanyaan ask=tanya "
    "who=siapa contact=hubungi came=datang come=datang recommendation=pengantar "
    "cape=capek ngangkat=angkat diangkatin=diangkat moved=pindah saged=bisa saget=bisa "
    "pundhut=ambil dipundhut=diambil mundhut=ambil pai=pergi paralu=perlu marantau=merantau "
    "pension=pensiun company=perusahaan queue=antre ignored=diabaikan long=lama "
    "my=saya application=permohonan applied=mengajukan apply=ajukan done=selesai stars=bintang "
    "star=bintang excellent=mantap signed=ditandatangani processed=diproses approved=disetujui "
    "issued=diterbitkan unacceptable=kecewa bribe=suap "
    /* Javanese, more */
    "iso=bisa isa=bisa dijupuk=diambil njupuk=ambil jupuk=ambil menika=ini niki=ini puniki=ini "
    "kapundut=meninggal kapundhut=meninggal kakung=kakek "
    "pelayanannya=pelayanan layanannya=layanan "
    "split=pecah separate=pisah waited=menunggu served=dilayani nobody=tidak here=ini "
    "kintun=kirim dikintun=dikirim kintunaken=kirimkan ngintunaken=kirimkan ade=ada can=bisa something=sesuatu anything=sesuatu "
    "need=perlu help=bantuan earnings=penghasilan earning=penghasilan tumaros=tanya "
    "taros=tanya concert=konser field=lapangan there=ada music=musik band=organ not=tidak "
    "never=belum syalom=shalom woy=woi ";

/* Words that never tell which service is meant. Content words that do
 * ("tidak" does not, "mampu" does) are not here. */
static const char stop_text[] =
    "ada adakah adalah adanya agak agar akan akhirnya aku amat anda apa apabila apakah apalagi "
    "ane atas atau ataupun atuh bagaimana bagi bahwa baiknya bakal banget banyak barangkali "
    "bareng begini begitu begitupun beliau belum beberapa benar benarkah berapa berarti "
    "berikut besok betul biar biasa biasanya bikin bila bilang bisa bisakah boleh bolehkah bro "
    "bos buat bukan bukankah cara caranya cuma dalam dan dapat dari daripada datang deh demi "
    "dengan depan di dia diri dong dulu duluan eh emang entah gan guna hal halo hanya harus "
    "hingga ini inilah ingin itu itulah iya jadi jangan jika juga justru kah kak kakak kalau "
    "kami kamu kan kapan karena kata katanya ke kecuali kemana kemarin kembali kenapa kepada "
    "kesini ketika kini kira kita kok kurang lagi lah lain lalu langsung lebih loh lho maaf "
    "maka makanya mana masih mau maupun memang mengapa mereka mesti min mohon mungkin nah "
    "namun nanti nih nya oleh om pada padahal pak paling pasti per perlu pernah pula pun "
    "punya saat saja sama sambil sampai sana sangat saya sebab sebagai sebelum sebelumnya "
    "sedang sedikit segera sehingga sejak sekali sekalian sekarang selalu selama seperti "
    "sesudah setelah sih silakan silahkan sini situ sudah supaya tadi tahu tanya tapi tau "
    "tentang terus tersebut tetap tiap toh tolong tuh untuk urus wah waktu ya yaa yah yang "
    "yaitu yakni apa2 gitu gini kayak kaya kek biasanya mending sekitar kurang lebih "
    "mas mba mbak bang abang bu ibu sis agan bund bunda neng teh akang kang dik dek adik "
    "tante paman bunda lur ndan suhu boss pakde bude ustad ustadz "
    "wr wb warahmatullahi wabarakatuh warahmatullah barakatuh "
    "info informasi nanya tanyakan menanyakan ditanya butuh membutuhkan dibutuhkan perlukah "
    "diperlukan memerlukan wajib harusnya sebaiknya minta meminta mintak tolongin bantu "
    "membantu dibantu bantuannya mohonn kasih memberi beri diberi dikasih "
    "lihat liat melihat cek mengecek dicek coba mencoba pakai pake memakai dipakai "
    "bawa dibawa membawa ambil mengambil kirim dikirim mengirim isi mengisi diisi "
    "tulis menulis ditulis baca membaca tunggu menunggu nunggu pergi datang kesana "
    "dimana disana disini kemari sekitar kira2 kirakira gimana bagaimanakah "
    "apa saja sesuatu semua semuanya segala setiap masing beda berbeda sama sendiri "
    "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh pertama kedua ketiga "
    "hari minggu bulan tahun tanggal jam pukul menit detik pagi siang sore malam besok "
    "lusa kemarin tadi nanti sekarang kemaren barusan minggu lalu depan kemudian "
    "senin selasa rabu kamis jumat sabtu "
    "kelurahan kecamatan kantor desa lurah camat rt rw balai kabupaten kota provinsi "
    "pemerintah pemda dinas instansi petugas pegawai staf staff pelayanan layanan "
    "syarat persyaratan dokumen berkas biaya bayar tarif harga ongkos gratis prosedur "
    "proses alur langkah tahapan formulir form blangko blanko format contoh lengkap "
    "kelengkapan fotokopi fc copy asli lembar map materai meterai stempel cap ttd "
    "tanda tangan online daring offline mengajukan ajukan pengajuan permohonan memohon "
    "aja saja sih deh dong nih tuh kok ya yah kan lah loh lho toh nah kah pun "
    "wkwk wkwkwk hehe hehehe haha hahaha hihi xixi mah ae bae euy atuh "
    "terima kasih makasih ok oke sip siap baik baiklah noted mantap "
    "halo hai pagi siang sore malam selamat permisi punten assalamualaikum salam "
    "sudah belum udah jadi selesai dong tolong mohon segera cepat secepatnya "
    "maksud maksudnya mengerti paham jelas kurang tidak jelas ngerti "
    "penting urgent darurat mendesak ganggu mengganggu menganggu maaf mohonmaaf "
    "numpang nanya izin ijin tanya bertanya nanya "
    "bagaimana kalau gimana bgmn bila seandainya andaikan misalnya misal contohnya "
    "orangnya tempat tempatnya disitu itu ini apakah kira kiranya "
    "sya kita kami saya anda beliau dia mereka kalian "
    "bisakah dapatkah bolehkah haruskah perlukah adakah "
    "tersebut berikut hal masalah urusan keperluan kebutuhan tujuan "
    "juga pula lagi masih sudah pernah belum akan sedang "
    "ingin mau hendak berencana rencana rencananya akan "
    "mengurus urus proses memproses diproses dibuat membuat buat bikin dibikin "
    "mendapatkan dapatkan mendapat didapat memperoleh "
    "soalnya karena sebab makanya jadinya akhirnya ternyata "
    "katanya kata bilang disuruh suruh menyuruh diminta "
    "nomor nama alamat data identitas "
    "tidak bukan jangan tanpa "
    "ke di dari pada untuk buat bagi oleh dengan sama tentang soal mengenai perihal "
    "gan sob bro sist kak kakak min admin mimin pak bu bapak ibu mas mbak om tante "
    /* regional particles and fillers */
    "sebentar bentar ehm hmm hm em emm ki mi ji ka pi ta di iki kuwi niku menika to kok tah ko da nya teh mah euy atuh "
    "nih tu ni ye yo bae wae ae "
    /* English function words */
    "i me my mine we our us you your he she his her they their it its the a an is are was "
    "were be been am do does did can could would should will shall may might must have has "
    "had need needs want wants get got please pls to for of in on at by from with and or "
    "but so too very much many thanks thank there here this that these those which who why "
    "yet already still just also about some any all one as if then than not no ";

/* Content words too common in citizens' stories to pick a service alone. */
static const char weak_text[] =
    "anak anaknya bapak ibu ayah mama mamah papa papah emak abah umi abi suami istri isteri "
    "adik kakak nenek kakek mertua orang tua keluarga saudara warga penduduk kerabat "
    "baru lama belum daftar mendaftar lapor melapor ganti cetak ubah perlu "
    "rumah sekolah kerja bekerja data nama pribadi sendiri diri pemohon luar dalam kota "
    "daerah tempat hasil hasilnya ";

/* Life events told as a story's background: a death, a birth. Not the
 * letters' own words ("kematian", "kelahiran"), which name a need. */
static const char event_text[] =
    "meninggal wafat almarhum berpulang tewas mati meninggoy jenazah pemakaman makam "
    "dimakamkan kubur dikubur duka innalillahi meninggalnya wafatnya mangkat "
    "lahir melahirkan dilahirkan bayi bayinya newborn persalinan bersalin brojol lahirnya ";

/* Concepts: "targets : keys". A citizen's key word counts as each target
 * word the catalogue uses (a target the catalogue lacks is skipped). A
 * line starting with '!' is a need no catalogue service may cover (a
 * building permit, a passport): when the catalogue lacks every target, the
 * word weighs heavily against a confident answer. */
static const char *const concept_lines[] = {
    "meninggal kematian mati : meninggal wafat almarhum berpulang tewas mati meninggoy "
    "jenazah pemakaman makam dimakamkan kubur dikubur kuburan penguburan duka innalillahi "
    "kematian meninggalnya wafatnya mangkat",
    "lahir kelahiran : lahir kelahiran melahirkan dilahirkan bayi bayinya newborn persalinan hamil "
    "bersalin brojol lahirnya",
    "nikah : nikah akad ijab kabul pengantin catin penganten kua rujuk taaruf rabi nikahi "
    "menikahi nikahan",
    "lajang single belum : lajang single jomblo jomlo bujang bujangan perawan gadis lajangnya",
    "usaha : usaha dagang berdagang pedagang dagangan jualan berjualan penjual warung "
    "toko kios lapak umkm ukm umk bisnis wirausaha pengusaha olshop kedai gerai kuliner "
    "katering catering laundry bengkel salon konter usahanya berusaha",
    "kur pinjaman kredit bank : kur pinjam pinjaman meminjam kredit modal bri bni btn bsi "
    "mandiri pembiayaan leasing koperasi pnm mekaar pegadaian",
    "bank : bank rekening tabungan",
    "mampu miskin keringanan : miskin prasejahtera dhuafa fakir tidakmampu susah kesulitan "
    "ekonomi keringanan dispensasi kurangmampu phk pengangguran menganggur nganggur dirumahkan",
    "berobat sakit : berobat obat pengobatan opname dirawat rawat inap operasi sakit",
    "sekolah kuliah : sekolah kuliah kampus universitas mahasiswa siswa murid sd smp sma smk "
    "pendidikan",
    "beasiswa : beasiswa kip pip ukt spp",
    "skck kepolisian polsek kelakuan : polisi kepolisian polsek polres polda polri skck "
    "kelakuan catatan",
    "kerja lamaran : kerja bekerja pekerjaan lamaran melamar cpns pns asn pppk bumn karyawan "
    "interview rekrutmen seleksi",
    "pindah : pindah pindahan berpindah mutasi boyongan kedatangan pendatang ngalih",
    "domisili : beralamat berlokasi berkedudukan berkantor alamat",
    "domisili tinggal : domisili tinggal bertempat menetap ngekos kos kost indekos ngontrak "
    "kontrakan mengontrak numpang perantau merantau",
    "waris ahli : waris warisan ahliwaris pewaris harta peninggalan bersaudara pembagian "
    "dibagi membagi kandung meninggalkan ninggalin ditinggalkan dijual menjual baliknama",
    "tanah : sertifikat sertipikat shm tanah sawah kebun ladang",
    "tabungan pencairan : tabungan pencairan deposito taspen pensiun asuransi",
    "penghasilan gaji pendapatan : penghasilan gaji pendapatan upah honor slip nafkah "
    "berpenghasilan gajinya",
    "nelayan petani buruh : nelayan petani buruh ojek tukang serabutan kuli sopir supir",
    "bepergian pergi perjalanan : bepergian pergi perjalanan mudik berangkat traveling "
    "piknik wisata",
    "keramaian hajatan acara pesta : keramaian ramai rame hajatan hajat pesta acara resepsi "
    "kondangan konser dangdut organ orgen sound panggung pentas pertunjukan hiburan sunatan "
    "khitanan syukuran tasyakuran pengajian tabligh agustusan karnaval pawai turnamen lomba "
    "bazar",
    "ktp : ktp ktpnya",
    "kk : kk kknya",
    "hilang : hilang kehilangan ilang raib dicuri kecopetan kecurian tercecer ketinggalan",
    "rusak : rusak patah sobek robek luntur pudar basah terbakar kebakar",
    "ganti ubah perubahan : ganti mengganti penggantian ubah merubah mengubah perubahan "
    "revisi koreksi ralat salah keliru",
    "pecah pisah : pecah pisah memisah memecah",
    "ganti ubah perubahan kurang : hapus dihapus hapuskan coret dicoret keluarkan dikeluarkan "
    "dihilangkan hilangkan update diupdate apdet perbarui diperbarui",
    "usaha perusahaan : cv pt firma perseroan korporasi",
    "tambah : tambah menambah penambahan masukin masukkan dimasukkan dimasukin dimasukan "
    "ditambahkan ditambah didaftarkan didaftarin",
    "rekam perekaman : rekam merekam perekaman",
    "akta : akta",
    /* Needs that kelurahan catalogues often lack, and off-topic asks. For
     * these lines the words before ':' only name the need; each key counts
     * as itself, so a catalogue that has, say, an "imb" service finds it. */
    "!imb : imb pbg",
    "!jobs : lowongan loker ak1 disnaker pencaker prakerja formasi",
    "!shopping : pulsa kuota promo diskon ongkir cod paket",
    "!vehicles : motor mobil stnk bpkb kendaraan samsat sim driver driving license licence",
    "!school : ijazah rapor transkrip zonasi",
    "!money : tukar penukaran pajak pbb njop sppt npwp",
    "!belongings : hp handphone ponsel laptop dompet perhiasan emas",
    "!health : vaksin vaksinasi imunisasi bpjs jkn",
    "!child id card : kia",
    "!land : girik ajb",
    "!police report : laporanpolisi",
    "!travel abroad : paspor imigrasi visa",
    "!welfare : bansos blt pkh bpnt sembako",
    "!divorce : cerai perceraian janda duda talak",
    "!business permits : nib oss siup",
    "!utilities : pln token",
    /* Joined by words.c's idioms: "buku nikah", "pindah sekolah". */
    "!marriage book : bukunikah",
    "!school transfer : pindahsekolah",
    /* '!!': a need of its own even beside a service's name ("legalisir
     * kk" is not the KK service). */
    "!!legalise : legalisir legalisasi",
    NULL,
};

/* ------------------------------------------------------------ the table */

enum { POOL_BYTES = 96 * 1024, MAX_ENTRIES = LANG_MAX_ENTRIES };

enum { HASH_SLOTS = 4 * MAX_ENTRIES };    /* a power of two, load <= 1/4 */

static char pool[POOL_BYTES];
static size_t npool;
static struct lword entries[MAX_ENTRIES];
static size_t nentries;
static uint16_t hash[HASH_SLOTS];           /* entry index + 1, 0 empty */
static uint16_t first_at[257];              /* entries starting with byte b: [b], [b+1] */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Copies len bytes of s into the pool; NULL when full (the tables are
 * sized with room to spare; a unit test checks every table word). */
static const char *pool_add(const char *s, size_t len)
{
    if (npool + len + 1 > sizeof pool) return NULL;
    char *p = pool + npool;
    memcpy(p, s, len);
    p[len] = '\0';
    npool += len + 1;
    return p;
}

static void add_entry(const char *w, size_t len, int flags, const char *canon,
                      const char *concept)
{
    if (len == 0 || len > LANG_WORD_MAX || nentries >= MAX_ENTRIES) return;
    const char *s = pool_add(w, len);
    if (!s) return;
    entries[nentries].w = s;
    entries[nentries].len = (uint16_t)len;
    entries[nentries].flags = (uint8_t)flags;
    entries[nentries].canon = canon;
    entries[nentries].concept = concept;
    nentries++;
}

/* Calls add_entry for each whitespace-separated word of text. */
static void add_words(const char *text, int flags)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ') p++;
        const char *w = p;
        while (*p && *p != ' ') p++;
        if (p > w) add_entry(w, (size_t)(p - w), flags, NULL, NULL);
    }
}

static void add_slang(void)
{
    const char *p = slang_text;
    while (*p) {
        while (*p == ' ') p++;
        const char *w = p;
        while (*p && *p != ' ' && *p != '=') p++;
        size_t wl = (size_t)(p - w);
        if (*p != '=') continue;
        const char *t = ++p;
        while (*p && *p != ' ') p++;
        const char *canon = pool_add(t, (size_t)(p - t));
        if (wl == (size_t)(p - t) && memcmp(w, t, wl) == 0) continue;   /* x=x: no-op */
        if (canon) add_entry(w, wl, 0, canon, NULL);
    }
}

static void add_concepts(void)
{
    for (size_t i = 0; concept_lines[i]; i++) {
        const char *line = concept_lines[i];
        int flags = 0;
        if (*line == '!') {
            flags = LW_FOREIGN;
            line++;
        }
        if (*line == '!') {
            flags |= LW_OVERRIDE;
            line++;
        }
        const char *colon = strchr(line, ':');
        if (!colon) continue;
        size_t tl = (size_t)(colon - line);
        while (tl > 0 && line[tl - 1] == ' ') tl--;
        const char *targets = flags ? NULL : pool_add(line, tl);
        if (!targets && !flags) continue;
        const char *p = colon + 1;
        while (*p) {
            while (*p == ' ') p++;
            const char *w = p;
            while (*p && *p != ' ') p++;
            if (p > w) add_entry(w, (size_t)(p - w), flags, NULL, targets);
        }
    }
}

static int word_cmp(const char *a, size_t la, const char *b, size_t lb)
{
    size_t m = la < lb ? la : lb;
    int r = memcmp(a, b, m);
    if (r) return r;
    return (la > lb) - (la < lb);
}

static int cmp_entry(const void *x, const void *y)
{
    const struct lword *a = x, *b = y;
    return word_cmp(a->w, a->len, b->w, b->len);
}

/* Joins two concept target lists into the pool ("a b" + "c" = "a b c"). */
static const char *join_concepts(const char *a, const char *b)
{
    if (!a) return b;
    if (!b || strcmp(a, b) == 0) return a;
    size_t la = strlen(a), lb = strlen(b);
    if (npool + la + lb + 2 > sizeof pool) return a;
    char *p = pool + npool;
    memcpy(p, a, la);
    p[la] = ' ';
    memcpy(p + la + 1, b, lb + 1);
    npool += la + lb + 2;
    return p;
}

static void init_once(void)
{
    add_slang();
    add_words(stop_text, LW_STOP);
    add_words(weak_text, LW_WEAK);
    add_words(event_text, LW_EVENT);
    add_concepts();
    for (size_t i = 0; i < cue_word_count(); i++) {
        const char *w = cue_word(i);
        add_entry(w, strlen(w), LW_CUE, NULL, NULL);
    }
    qsort(entries, nentries, sizeof entries[0], cmp_entry);
    /* Merge duplicates: flags add up, the first canon wins, concepts join.
     * A weak word listed as a stop word too stays weak (content). */
    size_t o = 0;
    for (size_t i = 0; i < nentries; i++) {
        if (o > 0 && cmp_entry(&entries[o - 1], &entries[i]) == 0) {
            struct lword *d = &entries[o - 1];
            d->flags |= entries[i].flags;
            if (!d->canon) d->canon = entries[i].canon;
            d->concept = join_concepts(d->concept, entries[i].concept);
            continue;
        }
        entries[o++] = entries[i];
    }
    nentries = o;
    for (size_t i = 0; i < nentries; i++) {
        struct lword *e = &entries[i];
        if ((e->flags & LW_WEAK) || e->concept) e->flags &= (uint8_t)~LW_STOP;
        size_t h = hash_fnv1a(e->w, e->len) & (HASH_SLOTS - 1);
        while (hash[h]) h = (h + 1) & (HASH_SLOTS - 1);
        hash[h] = (uint16_t)(i + 1);
    }
    /* Sorted by bytes: each first byte is one run. */
    for (size_t b = 0, i = 0; b <= 256; b++) {
        while (i < nentries && (unsigned char)entries[i].w[0] < b) i++;
        first_at[b] = (uint16_t)i;
    }
}

void lang_first_letter(char ch, size_t *lo, size_t *hi)
{
    unsigned b = (unsigned char)ch;
    *lo = first_at[b];
    *hi = first_at[b + 1];
}

void lang_init(void)
{
    pthread_once(&once, init_once);
}

long lang_index(const char *w, size_t len)
{
    if (len == 0 || len > LANG_WORD_MAX) return -1;
    for (size_t h = hash_fnv1a(w, len) & (HASH_SLOTS - 1);; h = (h + 1) & (HASH_SLOTS - 1)) {
        uint16_t slot = hash[h];
        if (!slot) return -1;
        const struct lword *e = &entries[slot - 1];
        if (e->len == len && memcmp(e->w, w, len) == 0) return (long)(slot - 1);
    }
}

const struct lword *lang_find(const char *w, size_t len)
{
    long i = lang_index(w, len);
    return i >= 0 ? &entries[i] : NULL;
}

size_t lang_count(void)
{
    return nentries;
}

const struct lword *lang_at(long i)
{
    return i >= 0 && (size_t)i < nentries ? &entries[i] : NULL;
}

/* ------------------------------------------------------ word preparation */

static int is_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Runs of 3+ equal letters become `keep` letters. */
static size_t squeeze(const char *in, size_t len, char *out, size_t keep)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && in[j] == in[i]) j++;
        size_t run = j - i;
        size_t n = (run >= 3 && is_letter(in[i])) ? keep : run;
        for (size_t k = 0; k < n; k++) out[o++] = in[i];
        i = j;
    }
    out[o] = '\0';
    return o;
}

size_t lang_prepare(char *buf, size_t len)
{
    char a[LANG_WORD_MAX + 1], b[LANG_WORD_MAX + 1];
    if (len > LANG_WORD_MAX) return len;    /* too long to be a word we know */
    size_t la = squeeze(buf, len, a, 1);
    if (la != len) {
        /* "halooo" -> "halo"; but "maaaf" -> "maaf" when that is known. */
        size_t lb = squeeze(buf, len, b, 2);
        if (!lang_find(a, la) && lang_find(b, lb)) {
            memcpy(a, b, lb + 1);
            la = lb;
        }
    }
    /* Reduplication written with a digit: "anak2", "surat2". */
    if (la >= 4 && a[la - 1] == '2' && is_letter(a[la - 2])) a[--la] = '\0';
    const struct lword *e = lang_find(a, la);
    if (e && e->canon) {
        size_t lc = strlen(e->canon);
        if (lc <= LANG_WORD_MAX) {
            memcpy(a, e->canon, lc + 1);
            la = lc;
        }
    }
    memcpy(buf, a, la + 1);
    return la;
}
