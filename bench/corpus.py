"""Word lists for a generated Indonesian regional news archive: places, people, desks, phrases.

Data only. `archive.py` combines these into headlines, sentences and tags; nothing here is random.
"""

from __future__ import annotations

from dataclasses import dataclass

# The province's cities and regencies, then districts of its capital: 25 datelines.
PLACES = (
    "Palembang",
    "Prabumulih",
    "Pagar Alam",
    "Lubuklinggau",
    "OKI",
    "OKU",
    "OKU Timur",
    "OKU Selatan",
    "Ogan Ilir",
    "Muara Enim",
    "Lahat",
    "Musi Rawas",
    "Muratara",
    "Muba",
    "Banyuasin",
    "Empat Lawang",
    "PALI",
    "Seberang Ulu I",
    "Ilir Timur II",
    "Sukarami",
    "Kalidoni",
    "Plaju",
    "Gandus",
    "Kertapati",
    "Jakabaring",
)

FIRST_NAMES = (
    "Agus",
    "Rizky",
    "Fajar",
    "Dewi",
    "Siti",
    "Nurul",
    "Maya",
    "Hendra",
    "Ahmad",
    "Novan",
    "Yuliana",
    "Andi",
    "Irfan",
    "Rusmini",
    "Budi",
    "Sri",
    "Wahyu",
    "Eko",
    "Rina",
    "Dian",
    "Joko",
    "Lestari",
    "Hadi",
    "Putri",
    "Rahmat",
    "Indah",
    "Bayu",
    "Fitri",
    "Dedi",
    "Ratna",
    "Teguh",
    "Ayu",
    "Yusuf",
    "Mega",
    "Arif",
    "Wulan",
    "Sigit",
    "Intan",
    "Heru",
    "Sari",
)

LAST_NAMES = (
    "Setiawan",
    "Pratama",
    "Ramadhan",
    "Anggraini",
    "Rahmawati",
    "Fitriani",
    "Kartika",
    "Saputra",
    "Zulkarnain",
    "Wijaya",
    "Safitri",
    "Maulana",
    "Hidayat",
    "Susanti",
    "Kurniawan",
    "Nugroho",
    "Permata",
    "Siregar",
    "Lubis",
    "Hasibuan",
    "Harahap",
    "Purnomo",
    "Wibowo",
    "Gunawan",
    "Hakim",
    "Syahputra",
    "Utami",
    "Rosadi",
    "Firmansyah",
    "Handayani",
)

ROLES = (
    "Kepala",
    "Ketua",
    "Sekretaris",
    "Kepala Bidang Humas",
    "Plt Kepala",
    "Wakil Ketua",
)

OFFICES = (
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Perhubungan",
    "Dinas Sosial",
    "Dinas PUPR",
    "Dinas Pertanian",
    "BPBD",
    "Satpol PP",
    "Bappeda",
    "Disdukcapil",
)

VERTICALS = (
    "KPU",
    "Bawaslu",
    "DPRD",
    "Kejaksaan Negeri",
    "Polres",
    "Pengadilan Negeri",
    "BPS",
    "Kemenag",
)

TIMES = (
    "pada Senin pagi",
    "pada Selasa siang",
    "pada Rabu sore",
    "pada Kamis malam",
    "pada Jumat pagi",
    "pada Sabtu siang",
    "pada Minggu sore",
    "sejak pekan lalu",
    "pekan ini",
    "hari ini",
    "dua hari terakhir",
    "sejak awal bulan",
)

CONNECTORS = (
    "sementara itu",
    "di sisi lain",
    "selain itu",
    "meski demikian",
    "oleh karena itu",
    "dengan demikian",
)

QUOTE_OPENERS = (
    "Kami berharap",
    "Kami sudah meminta agar",
    "Yang jelas",
    "Kami pastikan",
    "Saat ini",
    "Pada prinsipnya",
)

SAID = ("ujar", "kata", "jelas", "tutur", "ungkap", "tegas")

UNITS = ("warga", "petugas", "personel", "keluarga", "siswa", "peserta", "pedagang", "rumah")

FILLERS = (
    "Kegiatan tersebut mendapat sambutan positif dari masyarakat setempat.",
    "Hingga berita ini diturunkan, petugas masih melakukan pendataan di lapangan.",
    "Warga berharap persoalan ini segera mendapat perhatian serius dari pemerintah daerah.",
    "Pihaknya juga akan melakukan evaluasi secara berkala agar program berjalan tepat sasaran.",
    "Koordinasi lintas instansi terus dilakukan untuk mempercepat penanganan di lapangan.",
    "Masyarakat diimbau tetap tenang dan tidak mudah percaya pada informasi yang belum jelas.",
    "Rencananya, kegiatan serupa akan digelar kembali pada tahun depan.",
    "Anggaran untuk kegiatan ini bersumber dari APBD tahun berjalan.",
)

SMALL_WORDS = frozenset(
    (
        "di",
        "ke",
        "dari",
        "dan",
        "yang",
        "untuk",
        "dengan",
        "pada",
        "oleh",
        "atau",
        "dalam",
        "soal",
        "jadi",
        "akan",
        "serta",
        "hingga",
    )
)


@dataclass(frozen=True)
class Desk:
    """One newsroom desk: its category name and the vocabulary of its stories."""

    category: str
    share: float  # of the archive, before normalising
    topics: tuple[str, ...]  # objects of sentences; the first ones are also tags
    actions: tuple[str, ...]  # verb phrases taking a topic
    tags: tuple[str, ...]


DESKS = (
    Desk(
        "Daerah",
        0.22,
        (
            "perbaikan jalan desa",
            "penataan pasar tradisional",
            "pembangunan jembatan gantung",
            "penyaluran air bersih",
            "perbaikan drainase",
            "festival budaya",
            "penataan kawasan kumuh",
            "pembangunan pelabuhan rakyat",
        ),
        ("meninjau", "meresmikan", "mempercepat", "mengevaluasi", "menggelar rapat soal"),
        (
            "Infrastruktur",
            "Jalan Rusak",
            "Pasar",
            "Air Bersih",
            "Festival",
            "Pariwisata",
            "Sungai Musi",
            "Jembatan Ampera",
            "Dana Desa",
            "Musrenbang",
        ),
    ),
    Desk(
        "Politik",
        0.14,
        (
            "tahapan pilkada",
            "pemutakhiran data pemilih",
            "netralitas ASN",
            "debat calon kepala daerah",
            "rekapitulasi suara",
            "pelantikan anggota dewan",
            "kampanye akbar",
        ),
        ("mengawasi", "membahas", "menetapkan", "menyosialisasikan", "mengevaluasi"),
        (
            "Pilkada 2024",
            "Pemilu 2024",
            "KPU",
            "Bawaslu",
            "DPRD",
            "Partai Politik",
            "ASN",
            "Kampanye",
            "Debat Kandidat",
            "Hitung Cepat",
        ),
    ),
    Desk(
        "Hukum",
        0.13,
        (
            "kasus korupsi dana desa",
            "peredaran narkoba",
            "pencurian sepeda motor",
            "sengketa lahan",
            "penipuan arisan daring",
            "pungutan liar",
            "perdagangan satwa dilindungi",
        ),
        ("mengusut", "menangani", "mengungkap", "menyidangkan", "menahan tersangka"),
        (
            "Korupsi",
            "Narkoba",
            "Kriminal",
            "Curanmor",
            "Kejaksaan",
            "Polda Sumsel",
            "Sidang",
            "Penipuan",
            "Pungli",
            "Lapas",
        ),
    ),
    Desk(
        "Ekonomi",
        0.11,
        (
            "harga karet",
            "harga cabai",
            "inflasi daerah",
            "penyaluran KUR",
            "stok beras",
            "harga BBM",
            "ekspor batu bara",
            "pasar murah",
        ),
        ("memantau", "menstabilkan", "mengumumkan", "menggelar", "menyalurkan"),
        (
            "Inflasi",
            "Harga Pangan",
            "Karet",
            "Sawit",
            "UMKM",
            "Batu Bara",
            "Bulog",
            "Pasar Murah",
            "Investasi",
            "Bank Sumsel Babel",
        ),
    ),
    Desk(
        "Pendidikan",
        0.08,
        (
            "penerimaan peserta didik baru",
            "sekolah rusak",
            "beasiswa mahasiswa",
            "program makan bergizi gratis",
            "ujian sekolah",
            "sertifikasi guru honorer",
        ),
        ("menyiapkan", "meninjau", "menyalurkan", "menggelar", "mengevaluasi"),
        (
            "PPDB",
            "Guru Honorer",
            "Beasiswa",
            "Makan Bergizi Gratis",
            "Sekolah",
            "Universitas",
            "Kurikulum Merdeka",
            "Unsri",
        ),
    ),
    Desk(
        "Kesehatan",
        0.08,
        (
            "kasus demam berdarah",
            "imunisasi anak",
            "pelayanan BPJS Kesehatan",
            "stunting",
            "posko kesehatan banjir",
            "pemeriksaan kesehatan gratis",
        ),
        ("menangani", "menggelar", "memperluas", "memantau", "menekan"),
        ("DBD", "Stunting", "BPJS Kesehatan", "Imunisasi", "Puskesmas", "Rumah Sakit", "Diare"),
    ),
    Desk(
        "Olahraga",
        0.07,
        (
            "laga Sriwijaya FC",
            "turnamen sepak bola antarkampung",
            "Porprov Sumsel",
            "pelatihan atlet muda",
            "lomba perahu bidar",
            "kejuaraan bulu tangkis",
        ),
        ("menggelar", "menyiapkan", "memenangi", "mengikuti", "menyambut"),
        ("Sriwijaya FC", "Sepak Bola", "Porprov", "Bidar", "Bulu Tangkis", "Atlet", "Liga 2"),
    ),
    Desk(
        "Lingkungan",
        0.07,
        (
            "kebakaran hutan dan lahan",
            "banjir rob",
            "pencemaran sungai",
            "penanaman mangrove",
            "kabut asap",
            "penambangan liar",
            "pengelolaan sampah",
        ),
        ("menangani", "memadamkan", "mengantisipasi", "memantau", "menertibkan"),
        (
            "Karhutla",
            "Banjir",
            "Kabut Asap",
            "Gambut",
            "Sampah",
            "Mangrove",
            "Water Bombing",
            "Tambang Ilegal",
            "BMKG",
        ),
    ),
    Desk(
        "Nasional",
        0.05,
        (
            "kunjungan menteri",
            "program strategis nasional",
            "bantuan sosial pangan",
            "mudik Lebaran",
            "pengamanan Natal dan Tahun Baru",
        ),
        ("membahas", "mendukung", "menyambut", "mengamankan", "menyalurkan"),
        ("Mudik", "Bansos", "Presiden", "Menteri", "PSN", "Nataru"),
    ),
    Desk(
        "Teknologi",
        0.03,
        (
            "layanan digital pemerintah",
            "jaringan internet desa",
            "keamanan data warga",
            "aplikasi pelayanan publik",
            "literasi digital",
        ),
        ("meluncurkan", "memperluas", "menguji", "mengenalkan", "memperkuat"),
        ("Digitalisasi", "Internet", "Aplikasi", "Keamanan Siber", "Literasi Digital"),
    ),
    Desk(
        "Gaya Hidup",
        0.02,
        ("kuliner pempek", "wisata religi", "pameran kerajinan songket", "tren kopi lokal"),
        ("mempromosikan", "menggelar", "mengenalkan", "meramaikan", "menghadirkan"),
        ("Kuliner", "Pempek", "Songket", "Wisata", "Kopi"),
    ),
    Desk(
        "Opini",
        0.01,
        ("masa depan kota sungai", "etika pejabat publik", "tata kelola anggaran daerah"),
        ("mengkritisi", "menimbang", "mempertanyakan", "menawarkan gagasan soal", "membedah"),
        ("Opini", "Kebijakan Publik", "Tata Kelola"),
    ),
)

# Tags of no one desk: events, institutions, figures.
GENERAL_TAGS = (
    "Sumsel",
    "Pemprov Sumsel",
    "Gubernur Sumsel",
    "Pj Bupati",
    "Wali Kota Palembang",
    "Polda Sumsel",
    "Kodam II Sriwijaya",
    "HUT RI",
    "Ramadan",
    "Idul Fitri",
    "Idul Adha",
    "Tahun Baru",
    "Cuaca Ekstrem",
    "Viral",
    "Lalu Lintas",
    "Kecelakaan",
    "Kebakaran",
    "Bantuan Sosial",
    "APBD",
    "Pelayanan Publik",
)

# Reused by new articles written during a timed run.
BREAKING_TOPICS = ("Banjir", "Kebakaran", "Kecelakaan", "Cuaca Ekstrem")
