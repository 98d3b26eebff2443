/**
 * 国别及地区顶级域（IDN） — internationalised country-code TLDs, A-label form. Used to report the kind of
 * an unlisted suffix (SUFFIX_NOT_APPROVED evidence): an IDN ccTLD is a `cctld`, other `xn--` TLDs are `idn`.
 *
 * Source: COUNTRY_CODE_TLDS in apache/commons-validator
 * src/main/java/org/apache/commons/validator/routines/DomainValidator.java (generated from the IANA root
 * zone database; the comments there name each TLD and its manager, e.g. xn--j6w193g 香港 HKIRC,
 * xn--mix891f 澳門 CTT). Each A-label below was checked with `url.domainToASCII`.
 */
export const IDN_CCTLDS: ReadonlySet<string> = new Set([
  'xn--2scrj9c', // ಭಾರತ
  'xn--3e0b707e', // 한국
  'xn--3hcrj9c', // ଭାରତ
  'xn--45br5cyl', // ভাৰত
  'xn--45brj9c', // ভারত
  'xn--4dbrk0ce', // ישראל
  'xn--54b7fta0cc', // বাংলা
  'xn--80ao21a', // қаз
  'xn--90a3ac', // срб
  'xn--90ae', // бг
  'xn--90ais', // бел
  'xn--clchc0ea0b2g2a9gcd', // சிங்கப்பூர்
  'xn--d1alf', // мкд
  'xn--e1a4c', // ею
  'xn--fiqs8s', // 中国
  'xn--fiqz9s', // 中國
  'xn--fpcrj9c3d', // భారత్
  'xn--fzc2c9e2c', // ලංකා
  'xn--gecrj9c', // ભારત
  'xn--h2breg3eve', // भारतम्
  'xn--h2brj9c', // भारत
  'xn--h2brj9c8c', // भारोत
  'xn--j1amh', // укр
  'xn--j6w193g', // 香港
  'xn--kprw13d', // 台湾
  'xn--kpry57d', // 台灣
  'xn--l1acc', // мон
  'xn--lgbbat1ad8j', // الجزائر
  'xn--mgb9awbf', // عمان
  'xn--mgba3a4f16a', // ایران
  'xn--mgbaam7a8h', // امارات
  'xn--mgbah1a3hjkrd', // موريتانيا
  'xn--mgbai9azgqp6j', // پاکستان
  'xn--mgbayh7gpa', // الاردن
  'xn--mgbbh1a', // بارت
  'xn--mgbbh1a71e', // بھارت
  'xn--mgbc0a9azcg', // المغرب
  'xn--mgbcpq6gpa1a', // البحرين
  'xn--mgberp4a5d4ar', // السعودية
  'xn--mgbgu82a', // ڀارت
  'xn--mgbpl2fh', // سودان
  'xn--mgbtx2b', // عراق
  'xn--mgbx4cd0ab', // مليسيا
  'xn--mix891f', // 澳門
  'xn--node', // გე
  'xn--o3cw4h', // ไทย
  'xn--ogbpf8fl', // سورية
  'xn--p1ai', // рф
  'xn--pgbs0dh', // تونس
  'xn--q7ce6a', // ລາວ
  'xn--qxa6a', // ευ
  'xn--qxam', // ελ
  'xn--rvc1e0am3e', // ഭാരതം
  'xn--s9brj9c', // ਭਾਰਤ
  'xn--wgbh1c', // مصر
  'xn--wgbl6a', // قطر
  'xn--xkc2al3hye2a', // இலங்கை
  'xn--xkc2dl3a5ee0h', // இந்தியா
  'xn--y9a3aq', // հայ
  'xn--yfro4i67o', // 新加坡
  'xn--ygbi2ammx', // فلسطين
]);
