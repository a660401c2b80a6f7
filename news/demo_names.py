"""Demo data: the names of groups, areas, organisations, centres, countries
and activities in the partnership's other languages (published
FieldTranslations of their name or title; see `common.names`).

Chinese working-group names are the discussion topics of seed 003; the
others are the bodies' own or established names (东北虎豹国家公园,
национальный парк «Земля леопарда»...) or plain translations of the English.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from activities.models import Activity, InformationCentre, ProtectedArea
from common.translations import TranslationStatus
from stakeholders.models import Country, Organisation
from workinggroups.models import WorkingGroup

from .models import FieldTranslation

ZH, RU, KO, JA, MN = "zh-hans", "ru", "ko", "ja", "mn"

# Working groups: every content language.
GROUP_NAMES = {
    "anti-poaching": {
        ZH: "反偷猎行动的合作",
        RU: "Координация борьбы с браконьерством",
        KO: "밀렵 방지 협력",
        JA: "密猟対策の連携",
        MN: "Хулгайн агнаас сэргийлэх хамтын ажиллагаа",
    },
    "joint-survey-monitoring": {
        ZH: "合作调查及监测",
        RU: "Совместные учёты и мониторинг",
        KO: "공동 조사 및 모니터링",
        JA: "共同調査とモニタリング",
        MN: "Хамтарсан судалгаа, мониторинг",
    },
    "policy-enforcement": {
        ZH: "加强和落实保护政策及措施",
        RU: "Природоохранная политика и правоприменение",
        KO: "보호 정책 및 집행",
        JA: "保護政策と法執行",
        MN: "Хамгааллын бодлого, хэрэгжилт",
    },
    "protected-area-capacity": {
        ZH: "加强自然保护区的管理及技术能力",
        RU: "Потенциал управления особо охраняемыми природными территориями",
        KO: "보호지역 관리 역량",
        JA: "保護区の管理能力",
        MN: "Тусгай хамгаалалттай газрын менежментийн чадавх",
    },
    "public-awareness": {
        ZH: "提高公共保护意识和参与度",
        RU: "Экологическое просвещение и участие общества",
        KO: "대중 인식 제고",
        JA: "普及啓発",
        MN: "Олон нийтийн мэдлэг, оролцоо",
    },
    "ecological-corridors": {
        ZH: "跨境东北虎生态廊道建设",
        RU: "Экологические коридоры",
        KO: "생태 통로",
        JA: "生態回廊",
        MN: "Экологийн коридор",
    },
    "jilin-primorye": {
        ZH: "吉林省与滨海边疆区跨境保护合作",
        RU: "Сотрудничество провинции Цзилинь и Приморского края",
        KO: "지린성–연해주 협력",
        JA: "吉林省・沿海地方協力",
        MN: "Жилинь–Приморийн хамтын ажиллагаа",
    },
    "leopard-survey": {
        ZH: "远东豹调查",
        RU: "Учёт дальневосточного леопарда",
        KO: "아무르표범 조사",
        JA: "アムールヒョウ調査",
        MN: "Амарын ирвэсний судалгаа",
    },
    "camera-trapping": {
        ZH: "红外相机监测",
        RU: "Мониторинг с фотоловушками",
        KO: "무인 카메라 조사",
        JA: "カメラトラップ調査",
        MN: "Камер хавхаар судлах",
    },
}

# Countries, by code: every content language (as the interface catalogues).
COUNTRY_NAMES = {
    "CN": {ZH: "中国", RU: "Китай", KO: "중국", JA: "中国", MN: "Хятад"},
    "KP": {
        ZH: "朝鲜",
        RU: "КНДР",
        KO: "조선민주주의인민공화국",
        JA: "朝鮮民主主義人民共和国",
        MN: "БНАСАУ",
    },
    "JP": {ZH: "日本", RU: "Япония", KO: "일본", JA: "日本", MN: "Япон"},
    "MN": {ZH: "蒙古国", RU: "Монголия", KO: "몽골", JA: "モンゴル国", MN: "Монгол Улс"},
    "KR": {
        ZH: "大韩民国",
        RU: "Республика Корея",
        KO: "대한민국",
        JA: "大韓民国",
        MN: "Бүгд Найрамдах Солонгос Улс",
    },
    "RU": {
        ZH: "俄罗斯联邦",
        RU: "Российская Федерация",
        KO: "러시아 연방",
        JA: "ロシア連邦",
        MN: "ОХУ",
    },
    "INT": {ZH: "国际", RU: "Международные", KO: "국제", JA: "国際", MN: "Олон улсын"},
}

# Organisations: Chinese and Russian.
ORGANISATION_NAMES = {
    "neaspec": {
        ZH: "东北亚环境合作次区域方案",
        RU: "Северо-Восточноазиатская субрегиональная программа экологического сотрудничества",
    },
    "nfga": {ZH: "国家林业和草原局", RU: "Национальное управление лесного хозяйства и пастбищ КНР"},
    "feline-research-center": {
        ZH: "国家林业和草原局猫科动物研究中心",
        RU: "Центр исследований кошачьих Национального управления лесного хозяйства и пастбищ КНР",
    },
    "jilin-forestry-department": {
        ZH: "吉林省林业厅",
        RU: "Департамент лесного хозяйства провинции Цзилинь",
    },
    "heilongjiang-forestry-grassland": {
        ZH: "黑龙江省林业和草原局",
        RU: "Управление лесного хозяйства и пастбищ провинции Хэйлунцзян",
    },
    "hunchun-nature-reserve": {
        ZH: "珲春东北虎国家级自然保护区",
        RU: "Хуньчуньский заповедник",
    },
    "ntlnp-administration": {
        ZH: "东北虎豹国家公园管理局",
        RU: "Администрация Национального парка тигра и леопарда Северо-Восточного Китая",
    },
    "northeast-forestry-university": {
        ZH: "东北林业大学",
        RU: "Северо-Восточный лесной университет",
    },
    "beijing-normal-university": {
        ZH: "北京师范大学（国家林业和草原局东北虎豹监测与研究中心）",
        RU: "Пекинский педагогический университет (Центр мониторинга и исследований "
        "амурского тигра и дальневосточного леопарда)",
    },
    "cwca": {ZH: "中国野生动物保护协会", RU: "Китайская ассоциация охраны дикой природы"},
    "land-of-the-leopard": {
        ZH: "豹地国家公园管理局",
        RU: "Объединённая дирекция заповедника «Кедровая падь» и национального парка "
        "«Земля леопарда»",
    },
    "far-east-environmental-control": {
        ZH: "远东联邦区环境监督局",
        RU: "Департамент Росприроднадзора по Дальневосточному федеральному округу",
    },
    "wwf": {ZH: "世界自然基金会", RU: "Всемирный фонд природы (WWF)"},
    "wcs": {ZH: "国际野生生物保护学会", RU: "Общество сохранения диких животных (WCS)"},
    "ifaw": {ZH: "国际爱护动物基金会", RU: "Международный фонд защиты животных (IFAW)"},
    "iszs": {ZH: "国际动物学会", RU: "Международное общество зоологических наук"},
}

# Protected areas: Chinese and Russian.
AREA_NAMES = {
    "land-of-the-leopard-national-park": {
        ZH: "豹地国家公园",
        RU: "Национальный парк «Земля леопарда»",
    },
    "kedrovaya-pad-nature-reserve": {
        ZH: "雪松谷国家级自然保护区",
        RU: "Заповедник «Кедровая падь»",
    },
    "leopardovy-zakaznik": {ZH: "“豹”禁猎区", RU: "Заказник «Леопардовый»"},
    "barsoviy-federal-zakaznik": {
        ZH: "“巴尔索维”联邦禁猎区",
        RU: "Федеральный заказник «Барсовый»",
    },
    "borisovo-plateau-regional-zakaznik": {
        ZH: "鲍里索沃高原区域禁猎区",
        RU: "Региональный заказник «Борисовское плато»",
    },
    "hunchun-nature-reserve": {
        ZH: "珲春东北虎国家级自然保护区",
        RU: "Хуньчуньский заповедник",
    },
    "northeast-china-tiger-and-leopard-national-park": {
        ZH: "东北虎豹国家公园",
        RU: "Национальный парк тигра и леопарда Северо-Восточного Китая",
    },
}

# Information centres: Chinese and Russian.
CENTRE_NAMES = {
    "feline-research-center": {
        ZH: "国家林业和草原局猫科动物研究中心",
        RU: "Центр исследований кошачьих Национального управления лесного хозяйства и пастбищ КНР",
    },
    "far-east-environmental-control": {
        ZH: "远东联邦区环境监督局",
        RU: "Департамент Росприроднадзора по Дальневосточному федеральному округу",
    },
}

# Activities, by English title: Chinese and Russian.
ACTIVITY_TITLES = {
    "SMART anti-poaching patrols in the Hunchun Nature Reserve": {
        ZH: "珲春自然保护区SMART反盗猎巡护",
        RU: "SMART-патрулирование против браконьерства в Хуньчуньском заповеднике",
    },
    "Joint cross-border camera-trap survey, winter 2025–2026": {
        ZH: "2025–2026年冬季跨境红外相机联合调查",
        RU: "Совместный трансграничный учёт фотоловушками, зима 2025–2026",
    },
    "Joint snare removal in the Jilin–Primorye border forests, winter 2026–2027": {
        ZH: "2026–2027年冬季吉林—滨海边境森林联合清除猎套",
        RU: "Совместное снятие петель в приграничных лесах Цзилиня и Приморья, зима 2026–2027",
    },
    "Exchange visit between the Land of the Leopard and the Northeast China Tiger and "
    "Leopard national parks, 2027": {
        ZH: "2027年豹地国家公园与东北虎豹国家公园互访交流",
        RU: "Обмен визитами между национальными парками «Земля леопарда» и тигра и леопарда "
        "Северо-Восточного Китая, 2027",
    },
    "Tiger Festival 2027 on both sides of the border": {
        ZH: "2027年边境两侧老虎文化节",
        RU: "Праздник тигра — 2027 по обе стороны границы",
    },
    "Camera-trap grid at leopard breeding sites": {
        ZH: "远东豹繁殖地红外相机网格",
        RU: "Сеть фотоловушек в местах размножения леопарда",
    },
}

# (model, the field naming an object, {key: {language: name}})
NAMES = [
    (WorkingGroup, "slug", GROUP_NAMES),
    (Country, "code", COUNTRY_NAMES),
    (Organisation, "slug", ORGANISATION_NAMES),
    (ProtectedArea, "slug", AREA_NAMES),
    (InformationCentre, "slug", CENTRE_NAMES),
    (Activity, "title", ACTIVITY_TITLES),
]


def seed_names():
    """Publish the names above for the objects that exist; keep any name
    already there (idempotent, and never overwrites an edit)."""
    for model, key_field, names in NAMES:
        content_type = ContentType.objects.get_for_model(model)
        objects = {
            getattr(obj, key_field): obj
            for obj in model.objects.filter(**{f"{key_field}__in": list(names)})
        }
        existing = set(
            FieldTranslation.objects.filter(
                content_type=content_type, field=model.name_field
            ).values_list("object_id", "language")
        )
        for key, by_language in names.items():
            obj = objects.get(key)
            if obj is None:  # that app's demo data is not loaded
                continue
            for language, text in by_language.items():
                if (obj.pk, language) in existing:
                    continue
                row = FieldTranslation(
                    content_type=content_type,
                    object_id=obj.pk,
                    field=model.name_field,
                    language=language,
                    source_language="en",
                    status=TranslationStatus.PUBLISHED,
                    text=text,
                )
                row.full_clean()
                row.save()
