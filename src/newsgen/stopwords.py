"""Words that say nothing about what a story is about, per site language.

Used by the related-story index to keep only significant words. The lists hold function
words plus the verbs and fillers of news writing ("ujarnya", "said"), days and months: every
story has them, so two stories sharing them are no closer. Words shorter than three letters
are never significant and are not listed.
"""

from __future__ import annotations

_INDONESIAN = """
ada adalah adanya agak agar akan akankah akhir akhirnya aku akulah amat amatlah anda andalah
antar antara antaranya apa apaan apabila apakah apalagi apatah artinya asal asalkan atas atau
ataukah ataupun awal awalnya bagai bagaikan bagaimana bagaimanakah bagaimanapun bagi bagian
bahkan bahwa bahwasanya baik bakal bakalan balik banyak bapak baru bawah beberapa begini
beginian beginikah beginilah begitu begitukah begitulah begitupun bekerja belakang belakangan
belum belumlah benar benarkah benarlah berada berakhir berakhirlah berakhirnya berapa berapakah
berapalah berapapun berarti berawal berbagai berdatangan beri berikan berikut berikutnya
berjumlah berkali berkata berkehendak berkeinginan berkenaan berlainan berlalu berlangsung
berlebihan bermacam bermaksud bermula bersama bersiap bertanya berturut bertutur berujar
berupa besar betul betulkah biasa biasanya bila bilakah bisa bisakah boleh bolehkah bolehlah
buat bukan bukankah bukanlah bukannya bulan bung cara caranya cukup cukupkah cukuplah cuma
dahulu dalam dan dapat dari daripada datang dekat demi demikian demikianlah dengan depan
di dia diakhiri diakhirinya dialah diantara diantaranya diberi diberikan diberikannya dibuat
dibuatnya didapat didatangkan digunakan diibaratkan diibaratkannya diingat diingatkan
diinginkan dijawab dijelaskan dijelaskannya dikarenakan dikatakan dikatakannya dikerjakan
diketahui diketahuinya dikira dilakukan dilalui dilihat dimaksud dimaksudkan dimaksudkannya
dimaksudnya diminta dimintai dimisalkan dimulai dimulailah dimulainya dimungkinkan dini dipastikan
diperbuat diperbuatnya dipergunakan diperkirakan diperlihatkan diperlukan diperlukannya
dipersoalkan dipertanyakan dipunyai diri dirinya disampaikan disebut disebutkan disebutkannya
disini disinilah ditambahkan ditandaskan ditanya ditanyai ditanyakan ditegaskan ditujukan
ditunjuk ditunjuki ditunjukkan ditunjukkannya ditunjuknya dituturkan dituturkannya diucapkan
diucapkannya diungkapkan dong dua dulu empat enggak enggaknya entah entahlah guna gunakan hal
hampir hanya hanyalah hari harus haruslah harusnya hendak hendaklah hendaknya hingga ialah
ibarat ibaratkan ibaratnya ibu ikut ingat ingin inginkah inginkan ini inikah inilah itu itukah
itulah jadi jadilah jadinya jangan jangankan janganlah jauh jawab jawaban jawabnya jelas
jelasnya jelaslah jika jikalau juga jumlah jumlahnya justru kala kalau kalaulah kalaupun
kalian kami kamilah kamu kamulah kan kapan kapankah kapanpun karena karenanya kasus kata
katakan katakanlah katanya ke keadaan kebetulan kecil kedua keduanya keinginan kelamaan
kelihatan kelihatannya kelima keluar kembali kemudian kemungkinan kemungkinannya kenapa
kepada kepadanya kesampaian keseluruhan keseluruhannya keterlaluan ketika khususnya kini
kinilah kira kiranya kita kitalah kok kurang lagi lagian lah lain lainnya lalu lama lamanya
lanjut lanjutnya lebih lewat lima luar macam maka makanya makin malah malahan mampu mampukah
mana manakala manalagi masa masalah masalahnya masih masihkah masing mau maupun melainkan
melakukan melalui melihat melihatnya memang memastikan memberi memberikan membuat memerlukan
memihak meminta memintakan memisalkan memperbuat mempergunakan memperkirakan memperlihatkan
mempersiapkan mempersoalkan mempertanyakan mempunyai memulai memungkinkan menaiki menambahkan
menandaskan menanti menantikan menanya menanyai menanyakan mendapat mendapatkan mendatang
mendatangi mendatangkan menegaskan mengakhiri mengapa mengatakan mengatakannya mengenai
mengerjakan mengetahui menggunakan menghendaki mengibaratkan mengibaratkannya mengingat
mengingatkan menginginkan mengira mengucapkan mengucapkannya mengungkapkan menjadi menjawab
menjelaskan menuju menunjuk menunjuki menunjukkan menunjuknya menurut menuturkan menyampaikan
menyangkut menyatakan menyebutkan menyeluruh menyiapkan merasa mereka merekalah merupakan
meski meskipun meyakini meyakinkan minta mirip misal misalkan misalnya mula mulai mulailah
mulanya mungkin mungkinkah nah naik namun nanti nantinya nyaris nyatanya oleh olehnya orang
pada padahal padanya pak paling panjang pantas para pasti pastilah penting pentingnya per
percuma perlu perlukah perlunya pernah persoalan pertama pertanyaan pertanyakan pihak pihaknya
pukul pula pun punya rasa rasanya rata rupanya saat saatnya saja sajalah saling sama
sambil sampai sampaikan sana sangat sangatlah satu saya sayalah sebab sebabnya sebagai
sebagaimana sebagainya sebagian sebaik sebaiknya sebaliknya sebanyak sebegini sebegitu
sebelum sebelumnya sebenarnya seberapa sebesar sebetulnya sebisanya sebuah sebut sebutlah
sebutnya secara secukupnya sedang sedangkan sedemikian sedikit sedikitnya seenaknya segala
segalanya segera seharusnya sehingga seingat sejak sejauh sejenak sejumlah sekadar sekadarnya
sekali sekalian sekaligus sekalipun sekarang sekecil seketika sekiranya sekitar sekitarnya
sela selagi selain selaku selalu selama selamanya selanjutnya seluruh seluruhnya semacam
semakin semampu semampunya semasa semasih semata semaunya sementara semisal semisalnya
sempat semua semuanya semula sendiri sendirian sendirinya seolah seorang sepanjang
sepantasnya sepantasnyalah seperlunya seperti sepertinya sepihak sering seringnya serta
serupa sesaat sesama sesampai sesegera sesekali seseorang sesuatu sesuatunya sesudah
sesudahnya setelah setempat setengah seterusnya setiap setiba setibanya setidak setidaknya
setinggi seusai sewaktu siap siapa siapakah siapapun sini sinilah soal soalnya suatu sudah
sudahkah sudahlah supaya tadi tadinya tahu tahun tak tambah tambahnya tampak tampaknya tandas
tandasnya tanpa tanya tanyakan tanyanya tapi tegas tegasnya telah tempat tengah tentang
tentu tentulah tentunya tepat terakhir terasa terbanyak terdahulu terdapat terdiri terhadap
terhadapnya teringat terjadi terjadilah terjadinya terkira terlalu terlebih terlihat termasuk
ternyata tersampaikan tersebut tersebutlah tertentu tertuju terus terutama tetap tetapi tiap
tiba tidak tidakkah tidaklah tiga tinggi toh tunjuk turut tutur tuturnya ucap ucapnya ujar
ujarnya umum umumnya ungkap ungkapnya untuk usai waduh wah wahai waktu waktunya walau
walaupun wong yaitu yakin yakni yang imbuh imbuhnya papar paparnya terang terangnya jelasnya
katakannya sebutkan lanjutnya tambahnya ungkapnya tegasnya pungkas pungkasnya kemarin besok
lusa pagi siang sore malam wib wita wit senin selasa rabu kamis jumat sabtu minggu pekan
januari februari maret april mei juni juli agustus september oktober november desember
baca juga sumber foto berita redaksi ribu juta miliar triliun persen
"""

_ENGLISH = """
about above after again against all also although among and another any anyone are around
because been before being below between both but can cannot could did does doing done down
during each either else even ever every few for from further had has have having her here
hers herself him himself his how however into its itself just last least less like made
make many may might more most much must near neither never new next nor not now off often
once one only other others our ours ourselves out over own per perhaps put quite rather said
same say says several she should since some still such than that the their theirs them
themselves then there these they this those though three through thus till too two under
until upon very via was way well were what whatever when where whether which while who whom
whose why will with within without would yet you your yours yourself yourselves told tell
according added asked week weeks year years day days today yesterday tomorrow monday tuesday
wednesday thursday friday saturday sunday january february march april may june july august
september october november december time times first second third percent million billion
thousand hundred read source photo news
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "id": frozenset(_INDONESIAN.split()),
    "en": frozenset(_ENGLISH.split()),
}


def for_language(language: str) -> frozenset[str]:
    """The stop words of a site language; an unknown language has none."""
    return STOP_WORDS.get(language, frozenset())
