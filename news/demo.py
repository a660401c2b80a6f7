"""Demo data for news and the about pages: the topics, the seeds' news as
published articles (the Harbin forum of 2018, seed 002; the Harbin Consensus
of 2019, seed 001; the joint patrols and the population growth of 2025,
seed 004) with a few translations (published ones, and drafts that are never
shown), the pages about the partnership from seed 000 §5, and Chinese and
Russian translations of a working group's mandate and a member's description
(run after the groups and the organisations exist).

Articles are written through the services as the system (`by=None`): the
seeds' news exist whether or not the demo accounts do. Run after the
activities demo data, which creates the information centres that write them.

Idempotent: every row is found by its natural key first (slugs; a
translation by its object and language), so a second run changes nothing.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_noop

from activities.models import InformationCentre
from common.translations import TranslationStatus
from stakeholders.models import Country, Organisation
from workinggroups.models import WorkingGroup

from . import services
from .demo_names import seed_names
from .models import (
    AboutPage,
    AboutPageTranslation,
    Article,
    ArticleTranslation,
    FieldTranslation,
    Topic,
    TranslationGrant,
)

PUBLISHED, DRAFT = TranslationStatus.PUBLISHED, TranslationStatus.DRAFT
BEIJING, VLADIVOSTOK = ZoneInfo("Asia/Shanghai"), ZoneInfo("Asia/Vladivostok")

# (slug, name): Topic.__str__ translates the names (gettext_noop only marks them).
TOPICS = [
    ("anti-poaching", gettext_noop("Anti-poaching")),
    ("monitoring", gettext_noop("Survey and monitoring")),
    ("cooperation", gettext_noop("Transboundary cooperation")),
    ("habitat", gettext_noop("Habitat and ecological corridors")),
    ("public-awareness", gettext_noop("Public awareness")),
    ("policy", gettext_noop("Policy and enforcement")),
]

ARTICLES = [
    {
        "slug": "harbin-forum-2018",
        "centre": "feline-research-center",
        "publish_at": datetime.datetime(2018, 10, 24, 18, 0, tzinfo=BEIJING),
        "countries": ["CN", "RU"],
        "topics": ["cooperation", "habitat", "anti-poaching"],
        "title": "International forum in Harbin brings world expertise to Amur tiger and leopard conservation",
        "summary": "The International Forum of Conservation of Amur Tiger and Leopard, held in Harbin on 24–25 October 2018, brought nine experts from Russia, India, Australia and Singapore together with Chinese protected areas, universities and research institutes to discuss habitat recovery, human–wildlife conflict and cross-border protection.",
        "body": """<p>The International Forum of Conservation of Amur Tiger and Leopard was held in Harbin on 24–25 October 2018. It was organised by the Forestry Department of Heilongjiang Province, the Global Environment Facility and the World Bank, and co-organised by the Forestry Department of Jilin Province, the Forestry Industry Department of Heilongjiang Province, WWF and Northeast Forestry University. WWF and its partners invited nine wildlife protection experts from Russia, India, Australia and Singapore to exchange experience with Chinese experts from protected areas, universities and research institutes.</p>
<p>The forum discussed the key issues of Amur tiger and leopard conservation: habitat recovery and quality, management capacity, resolving human–wildlife conflicts, the recovery of ungulate populations, compensation for damage caused by wildlife, and cross-border protection.</p>
<h2>Experience from Russia</h2>
<p>Zheng Huaiyu, deputy director-general of the Heilongjiang Province Forestry Department, said that since China and Russia signed their cooperation agreement on Amur tiger protection, a habitat has been built where the tigers can migrate freely, which is of great significance for the recovery of the wild populations. Dmitry Pankratov, director of the Hunting Department of Primorsky Krai, presented Russia's recovery centre for tigers and leopards injured in conflicts with people or in the wild: China has no such centre yet. Victor Bardyuk, Director of the Land of the Leopard National Park Administration, showed the park's research centre: “the Amur tiger and leopard protection need our joint effort for the greater achievements.”</p>
<h2>Human–wildlife conflict</h2>
<p>Ashley Brooks of WWF Australia's Tigers Alive Initiative introduced the SAFE system for managing and evaluating human–wildlife conflict, and its practice in Indonesia and India. WWF will promote the SAFE system in China.</p>
<h2>Progress, and what remains</h2>
<p>After years of camera trapping, anti-poaching work, SMART patrolling, CA|TS standards and work with communities, the populations have been growing and spreading deeper into the Changbai Mountains, habitat quality has improved and public awareness and engagement have grown. Problems remain: serious habitat fragmentation, limited connectivity between habitats, a serious lack of ungulates, low habitat quality, and management and ranger capacity that still need to improve. The forum offered a platform for communication, for sharing results and experience, and for introducing advanced tools and technologies.</p>""",
        "translations": [],
    },
    {
        "slug": "harbin-consensus-2019",
        "centre": "feline-research-center",
        "publish_at": datetime.datetime(2019, 7, 30, 17, 0, tzinfo=BEIJING),
        "countries": ["CN", "RU"],
        "topics": ["policy", "cooperation", "habitat"],
        "title": "Harbin Consensus on strengthening cooperation in transboundary conservation of tigers and leopards",
        "summary": "Over 300 representatives and experts from 19 countries and 12 international organisations, meeting in Harbin on 27–30 July 2019, agreed on seven lines of sustained, collaborative action for tigers and leopards in transboundary areas.",
        "body": """<p>Tigers and leopards are flagship species of biodiversity conservation in Asia. The forum, organised by the National Forestry and Grassland Administration of China and hosted by Northeast Forestry University with the support of 14 organisations, among them NEASPEC, WWF and WCS, was held in Harbin on 27–30 July 2019. Over 300 representatives and experts from 19 countries and 12 international organisations attended.</p>
<p>Reviewing a decade of conservation and cooperation, the participants agreed that the tiger and leopard populations of transboundary areas account for a significant proportion of the world's, and that they can only be conserved when all range countries take part in cooperation mechanisms and common actions.</p>
<h2>The challenges</h2>
<ul>
<li>Funding is still not sufficient, and capacity building should be strengthened further.</li>
<li>In some transboundary areas the free migration of tigers and leopards, and so the exchange of genes between populations, is hindered.</li>
<li>Monitoring and assessment methods need to be coordinated across borders.</li>
<li>Effective mechanisms for communication and information sharing across borders are lacking.</li>
<li>Insufficient and delayed compensation for damage caused by human–wildlife conflict undermines local support.</li>
<li>Poaching, illegal trade and habitat destruction remain a problem.</li>
</ul>
<h2>What the parties will do</h2>
<ol>
<li>Restore habitats and develop transboundary ecological corridors, with national parks or nature reserves in transboundary areas at the level of the landscape.</li>
<li>Strengthen multi-stakeholder platforms for timely information sharing, communication and joint scientific assessment.</li>
<li>Harmonise technical standards for scientific monitoring and habitat restoration.</li>
<li>Strengthen law-enforcement cooperation and information exchange in transboundary areas.</li>
<li>Respond effectively to human–wildlife conflict, and consider a compensation scheme.</li>
<li>Explore eco-friendly ways of production and livelihood.</li>
<li>Mobilise social forces to support and take part in transboundary conservation.</li>
</ol>""",
        "translations": [
            {
                "language": "zh-hans",
                "status": PUBLISHED,
                "title": "关于加强虎豹跨境保护合作的哈尔滨共识",
                "summary": "2019年7月27日至30日，来自19个国家和12个国际组织的300多名代表和专家齐聚哈尔滨，就持续、协作地保护跨境地区虎豹种群及其栖息地的七项行动达成共识。",
                "body": """<p>虎和豹是亚洲生物多样性保护的旗舰物种。论坛由中国国家林业和草原局主办、东北林业大学承办，并得到包括NEASPEC、世界自然基金会和国际野生生物保护学会在内的14个组织的支持，于2019年7月27日至30日在哈尔滨举行。来自19个国家和12个国际组织的300多名代表和专家出席了论坛。</p>
<p>与会者回顾了过去十年虎豹保护与合作的历程，一致认为跨境地区的虎豹种群占全球总数的相当比例，只有所有分布国都参与合作机制并采取共同行动，才能实现对它们的整体保护。</p>
<h2>面临的挑战</h2>
<ul>
<li>资金投入仍然不足，能力建设有待进一步加强。</li>
<li>部分跨境地区虎豹自由迁移受阻，妨碍了种群间的基因交流。</li>
<li>跨境地区的科学监测和评估方法需要协调。</li>
<li>缺乏有效的跨境沟通和信息共享机制。</li>
<li>人兽冲突损失补偿不足、不及时，削弱了当地居民对保护的支持。</li>
<li>盗猎、非法贸易和栖息地破坏问题依然存在。</li>
</ul>
<h2>共同行动</h2>
<ol>
<li>在景观尺度上建立跨境国家公园或自然保护区，恢复栖息地，建设跨境生态廊道。</li>
<li>加强多利益相关方平台，及时共享信息，开展沟通与联合科学评估。</li>
<li>统一科学监测和栖息地恢复的技术标准。</li>
<li>加强跨境地区执法合作与信息交流。</li>
<li>有效应对人兽冲突，考虑建立补偿机制。</li>
<li>探索生态友好的生产和生活方式。</li>
<li>动员社会力量支持和参与虎豹跨境保护。</li>
</ol>""",
            },
            {
                # not reviewed yet: never shown, linked or syndicated
                "language": "ru",
                "status": DRAFT,
                "title": "Харбинский консенсус об укреплении сотрудничества в трансграничном сохранении тигров и леопардов",
                "summary": "Черновик перевода: более 300 представителей и экспертов из 19 стран и 12 международных организаций договорились в Харбине о семи направлениях совместных действий.",
                "body": "<p>Черновик перевода, ещё не проверен.</p>",
            },
        ],
    },
    {
        "slug": "joint-patrols-guard-the-border-forest",
        "centre": "far-east-environmental-control",
        "publish_at": datetime.datetime(2025, 12, 19, 12, 0, tzinfo=VLADIVOSTOK),
        "countries": ["RU", "CN"],
        "topics": ["anti-poaching", "monitoring", "cooperation"],
        "title": "Joint patrols guard the border forest of tigers and leopards",
        "summary": "Rangers of Russia's Land of the Leopard National Park and of China's Northeast China Tiger and Leopard National Park protect one mountain forest from both sides of the border, and share what a real-time monitoring system records.",
        "body": """<p>In the depths of winter, Evgeny Stoma, Deputy Director of Protection at Land of the Leopard National Park, leads a patrol team of over 100 people through the snow of southern Primorsky Krai. They patrol the park round the clock, protecting wild animals from poaching, fires and other threats.</p>
<p>At the other end of the same forest, Yang Zhao, a ranger of China's Northeast China Tiger and Leopard National Park, and his colleagues do the same work: each patrol shift lasts at least four hours and covers at least eight kilometres, with extra time to maintain the infrared cameras installed in the wild.</p>
<p>“We don't deal with poachers in a library, we deal with them in the forest,” says Stoma, who has been shot at by poachers more than once. In the Kraskino–Hunchun crossing area, tall grass and strong winds make fire a constant threat.</p>
<h2>Technology on both sides</h2>
<p>Besides foot patrols, the Chinese park uses a “sky-to-ground” monitoring system that combines satellite remote sensing and artificial intelligence to follow tigers and leopards in real time, identifying individual tigers with over 95 percent accuracy. Under a data-exchange agreement with the Russian side, scientists of both parks use it to follow population dynamics and habitat change in the border zone.</p>
<h2>Cooperation that keeps growing</h2>
<p>Joint work between experts of the two countries on Amur tigers began in 2006. In 2019 the two national parks exchanged visits and established a strategic partnership for transboundary conservation; in March 2024 a China–Russia joint laboratory for the conservation and restoration of the Amur tiger population was set up. Since 2017 the monitoring system has recorded over 30,000 crossings of sika deer through the transboundary corridors, and over 20 tigers use them regularly.</p>
<p>In November 2025, an exchange on cross-border conservation in Hunchun, Jilin Province, agreed to establish a unified monitoring system and to produce video footage together on successful cross-border practice.</p>""",
        "translations": [
            {
                "language": "ru",
                "status": PUBLISHED,
                "title": "Совместное патрулирование охраняет приграничный лес тигров и леопардов",
                "summary": "Инспекторы национального парка «Земля леопарда» в России и национального парка тигра и леопарда Северо-Восточного Китая охраняют один горный лес с двух сторон границы и обмениваются данными системы мониторинга в реальном времени.",
                "body": """<p>Глубокой зимой Евгений Стома, заместитель директора по охране национального парка «Земля леопарда», ведёт через снег юга Приморского края патрульную группу численностью более 100 человек. Они круглосуточно патрулируют охраняемую территорию, защищая диких животных от браконьеров, пожаров и других угроз.</p>
<p>На другом конце того же леса ту же работу выполняют Ян Чжао, инспектор национального парка тигра и леопарда Северо-Восточного Китая, и его коллеги: каждая смена длится не менее четырёх часов, за это время они проходят не менее восьми километров, а иногда ещё и обслуживают установленные в лесу фотоловушки.</p>
<p>«С браконьерами мы имеем дело не в библиотеке, а в лесу», — говорит Стома, в которого браконьеры стреляли не раз. В районе перехода Краскино — Хуньчунь высокая трава и сильный ветер создают постоянную угрозу пожаров.</p>
<h2>Технологии по обе стороны границы</h2>
<p>Помимо пеших патрулей, китайский парк использует систему мониторинга «небо — земля», которая сочетает спутниковое дистанционное зондирование и искусственный интеллект, отслеживает тигров и леопардов в реальном времени и распознаёт отдельных тигров с точностью более 95 процентов. По соглашению об обмене данными с российской стороной учёные обоих парков используют её для наблюдения за динамикой популяций и изменениями местообитаний в приграничной зоне.</p>
<h2>Сотрудничество расширяется</h2>
<p>Совместная работа специалистов двух стран по амурскому тигру началась в 2006 году. В 2019 году национальные парки обменялись визитами и установили стратегическое партнёрство в трансграничном сохранении тигров и леопардов, а в марте 2024 года была создана российско-китайская совместная лаборатория по сохранению и восстановлению популяции амурского тигра. С 2017 года система мониторинга зафиксировала более 30 000 переходов пятнистых оленей по трансграничным коридорам; более 20 тигров регулярно пользуются ими.</p>
<p>В ноябре 2025 года на встрече по трансграничному сохранению в Хуньчуне (провинция Цзилинь) стороны договорились создать единую систему мониторинга и совместно снимать видеоматериалы об успешной практике трансграничной охраны.</p>""",
            }
        ],
    },
    {
        "slug": "tiger-and-leopard-numbers-grow",
        "centre": "feline-research-center",
        "publish_at": datetime.datetime(2025, 12, 19, 16, 0, tzinfo=BEIJING),
        "countries": ["CN", "RU"],
        "topics": ["monitoring", "cooperation", "habitat"],
        "title": "Tiger and leopard numbers grow on both sides of the border",
        "summary": "In China, 27 tigers and 42 leopards lived in 2015; by 2025 there were about 70 and 80. In Russia's Land of the Leopard National Park, leopards have increased from 35 to over 120 and tigers to over 50.",
        "body": """<p>The steady growth of the wild tiger and leopard populations shows what Chinese–Russian cooperation achieves. In 2015, before the pilot project of China's national park began, only 27 tigers and 42 leopards lived in China. By 2025 their numbers had risen to about 70 and 80, and their habitat now covers about 80% of the park's territory.</p>
<p>Breeding succeeds more often too: at the start of the project only about 30% of tiger and leopard cubs survived; the figure is now approaching 50%.</p>
<p>In Russia, since Land of the Leopard National Park was established in 2012, the leopard population has increased from 35 to over 120 individuals, and the tiger population to over 50. Thanks to the joint efforts of the two countries, this part of North-East Asia now has the highest density of wild populations of these felines in the world.</p>
<p>Feng Limin, director of the NFGA's monitoring and research centre for Amur tigers and Amur leopards, says that special corridors along the Sino-Russian border let wild animals migrate freely, which has given the populations a healthier distribution.</p>
<h2>The figures</h2>
<ul>
<li>China: 27 tigers and 42 leopards in 2015; about 70 tigers and 80 leopards in 2025.</li>
<li>Cub survival: about 30% at the start of the project, approaching 50% now.</li>
<li>Russia (Land of the Leopard National Park): leopards from 35 to over 120; tigers over 50.</li>
</ul>""",
        "translations": [
            {
                "language": "zh-hans",
                "status": PUBLISHED,
                "title": "边境两侧虎豹数量持续增长",
                "summary": "2015年中国境内仅有27只虎和42只豹，到2025年已分别增至约70只和80只；在俄罗斯“豹之乡”国家公园，豹从35只增至120多只，虎超过50只。",
                "body": """<p>野生虎豹种群的稳步增长，清楚地展示了中俄合作的成效。2015年，在中国国家公园体制试点启动之前，中国境内仅有27只虎和42只豹。到2025年，其数量已分别增至约70只和80只，栖息地覆盖了公园约80%的区域。</p>
<p>繁殖成功率也在提高：项目启动之初，虎豹幼崽的存活率仅约30%，如今已接近50%。</p>
<p>在俄罗斯，自2012年“豹之乡”国家公园建立以来，豹的数量从35只增至120多只，虎的数量超过50只。得益于两国的共同努力，东北亚这一地区已成为世界上这些珍稀猫科动物野生种群密度最高的地方。</p>
<p>国家林业和草原局东北虎豹监测与研究中心主任冯利民表示，中俄边境沿线建设的专用廊道使野生动物能够自由迁移，种群分布更加健康。</p>
<h2>数字</h2>
<ul>
<li>中国：2015年虎27只、豹42只；2025年虎约70只、豹约80只。</li>
<li>幼崽存活率：项目启动时约30%，现已接近50%。</li>
<li>俄罗斯（“豹之乡”国家公园）：豹从35只增至120多只；虎超过50只。</li>
</ul>""",
            }
        ],
    },
]

# The pages about the partnership, from seed 000 §5 (paragraphs 45–56).
ABOUT_PAGES = [
    {
        "slug": "goals",
        "position": 10,
        "title": "Goals: communication, collaboration, coordination",
        "summary": "Why the partnership exists, and the three Cs it works by: communication, collaboration and coordination across borders.",
        "body": """<p>Government agencies, protected areas, research institutes, international NGOs and UN organisations have each played a crucial role in conserving nature in the Tumen River area. They share one ultimate goal, the protection of biodiversity, but their approaches differ with their mandates and expertise. To use limited human and financial resources well and respond effectively to the challenges, they need communication, collaboration and coordination. The partnership brings all stakeholders together to identify their interests, seek synergies and harmonise their efforts.</p>
<p>Transboundary cooperation is still far behind the level required. The partnership helps stakeholders, in particular the authorities of protected areas, to advance from communication to collaboration and to coordination.</p>
<h2>Communication</h2>
<p>Information exchange and knowledge sharing across borders: the status of tiger and leopard populations and of their prey, good practices of species conservation among technicians, and experience of managing protected areas among policy makers. Communication helps stakeholders understand the issues and frame their goals together.</p>
<h2>Collaboration</h2>
<p>Joint work: joint survey and monitoring on the border, joint anti-poaching activities, joint snare removal, technical training programmes and sustainable forest management. Collaboration goes beyond exchanging views to searching for solutions and deciding together in the field, and turns ad hoc joint work into regular and formal cooperation.</p>
<h2>Coordination</h2>
<p>Aligning policies where isolated efforts cannot solve the problem: the development of ecological corridors and transboundary protected areas, and the ban on international trade in tiger and leopard products. Coordination involves governments at every level, from central and provincial governments to local reserves, and may lead to intergovernmental agreements.</p>""",
        "translations": [
            {
                "language": "ru",
                "status": PUBLISHED,
                "title": "Цели: коммуникация, сотрудничество, координация",
                "summary": "Зачем нужно партнёрство и три принципа его работы: коммуникация, сотрудничество и координация через границы.",
                "body": """<p>Государственные органы, охраняемые природные территории, научные институты, международные НКО и организации ООН играют важную роль в охране природы в районе реки Туманная. У них одна конечная цель — сохранение биоразнообразия, но подходы различаются в зависимости от их мандата и опыта. Чтобы разумно использовать ограниченные людские и финансовые ресурсы и эффективно отвечать на вызовы, им необходимы коммуникация, сотрудничество и координация. Партнёрство объединяет всех участников, чтобы определить их интересы, найти синергию и согласовать усилия.</p>
<p>Трансграничное сотрудничество всё ещё далеко от необходимого уровня. Партнёрство помогает участникам, прежде всего администрациям охраняемых территорий, перейти от коммуникации к сотрудничеству и к координации.</p>
<h2>Коммуникация</h2>
<p>Обмен информацией и знаниями через границы: о состоянии популяций тигра и леопарда и их жертв, о лучших практиках сохранения видов между специалистами, об опыте управления охраняемыми территориями между руководителями. Коммуникация помогает участникам понять проблемы и вместе сформулировать цели.</p>
<h2>Сотрудничество</h2>
<p>Совместная работа: совместные учёты и мониторинг на границе, совместная борьба с браконьерством, снятие петель, программы технического обучения, устойчивое лесопользование. Сотрудничество идёт дальше обмена мнениями — к поиску решений и совместным решениям на местах — и превращает разовую совместную работу в регулярную и официальную.</p>
<h2>Координация</h2>
<p>Согласование политики там, где разрозненные усилия не решают проблему: создание экологических коридоров и трансграничных охраняемых территорий, запрет международной торговли продукцией из тигров и леопардов. В координации участвуют органы власти всех уровней — от центральных и провинциальных правительств до местных заповедников, — и она может привести к межправительственным соглашениям.</p>""",
            },
            {
                "language": "zh-hans",
                "status": PUBLISHED,
                "title": "目标：沟通、协作、协调",
                "summary": "伙伴关系为何存在，以及它遵循的三项原则：跨境沟通、协作与协调。",
                "body": """<p>政府机构、保护地、科研院所、国际非政府组织和联合国机构在图们江地区的自然保护中都发挥着重要作用。它们的最终目标相同，即保护生物多样性，但由于职责和专长不同，做法也各异。为了高效利用有限的人力和财力，有效应对各种挑战，各方需要沟通、协作与协调。伙伴关系将所有利益相关方聚集在一起，识别各自的利益，寻求协同，协调彼此的努力。</p>
<p>跨境合作仍远未达到所需水平。伙伴关系帮助各利益相关方，特别是保护地管理机构，将合作从沟通提升到协作，再提升到协调。</p>
<h2>沟通</h2>
<p>跨境信息交流与知识共享：虎豹种群及其猎物种群的状况，技术人员之间的物种保护良好做法，决策者之间的保护地管理经验。沟通帮助各方理解问题，共同确定目标。</p>
<h2>协作</h2>
<p>共同开展工作：边境联合调查与监测、联合反盗猎行动、联合清除猎套、技术培训项目和可持续森林管理。协作不仅是交换意见，还包括寻找解决办法、在实地共同决策，使临时性的合作变为经常性、制度化的合作。</p>
<h2>协调</h2>
<p>在单方努力无法解决的问题上协调政策：建设生态廊道和跨境保护地，禁止虎豹制品的国际贸易。协调涉及从中央、省级政府到地方保护区的各级政府机构，并可能形成政府间协议。</p>""",
            },
        ],
    },
    {
        "slug": "structure",
        "position": 20,
        "title": "How the partnership is organised",
        "summary": "A coordination committee, working groups for the action areas, and activity and information centres, with the support of the NEASPEC Secretariat.",
        "body": """<p>The partnership was proposed in 2012 to bring all major stakeholders together and facilitate the three Cs: communication, collaboration and coordination. It builds on the cooperation between China and the Russian Federation: the Sino-Russian Expert Group, agreed by the Russian Working Group on Amur Tiger and Leopard and the Feline Research Center of China's State Forestry Administration at the “Nature without Borders” forum in Vladivostok on 19–20 July 2012, is its backbone.</p>
<h2>Coordination committee</h2>
<p>The main organ of the partnership, made of representatives of the major stakeholder groups. It oversees and supports the plans and activities of the working groups. See <a href="/committee/">the coordination committee</a>.</p>
<h2>Working groups</h2>
<p>Working groups carry out the activities in the action areas: information and experience exchange, monitoring tigers and leopards with a unified methodology, protection in border areas (anti-poaching, snare removal, transboundary protected areas), and environmental education and public awareness. The leopard cooperation mechanism launched in Slavyanka in 2012 added a working group on leopard survey and one on camera trapping. See <a href="/working-groups/">the working groups</a>.</p>
<h2>Activity and information centres</h2>
<p>Under the overall guidance of NEASPEC, the centres plan and organise activities, facilitate communication among the partners, collect and analyse information, help share knowledge and implement joint activities. The Feline Research Center (China) and the Russian Far East Federal District Department of Environmental Control, as coordinator of the Russian Working Group on Amur Tiger and Leopard, were proposed as the centres, with technical support from the NEASPEC Secretariat. See <a href="/centres/">the information centres</a>.</p>
<h2>Resources</h2>
<p>The partnership needs no large additional funding: it streamlines and strengthens the communication and collaboration already under way, and most of the work is done and paid for domestically. NEASPEC co-finances the centres, about $50,000–60,000 a year for one full-time staff member at each centre, an information platform on tigers and leopards, and communication.</p>""",
        "translations": [
            {
                # not reviewed yet: never shown
                "language": "ru",
                "status": DRAFT,
                "title": "Как устроено партнёрство",
                "summary": "Черновик перевода.",
                "body": "<p>Черновик перевода, ещё не проверен.</p>",
            }
        ],
    },
    {
        "slug": "members",
        "position": 30,
        "title": "Members and their countries",
        "summary": "Government agencies, protected areas, research institutes and NGOs of China and the Russian Federation, with stakeholders of the other NEASPEC member States and international organisations.",
        "body": """<p>The partnership may consist of government agencies, academic institutions and NGOs from China and the Russian Federation, as well as relevant stakeholder groups from the other NEASPEC member States and international organisations. A wide representation gives the partnership its legitimacy and accountability.</p>
<h2>Countries</h2>
<p>The NEASPEC member States: China, the Democratic People's Republic of Korea, Japan, Mongolia, the Republic of Korea and the Russian Federation. Cooperation across the border of the Tumen River area so far involves mostly China and the Russian Federation; the partnership is open to the DPRK and to partners beyond the area.</p>
<h2>Who takes part</h2>
<ul>
<li>national government agencies, and provincial and local governments;</li>
<li>protected-area administrations and forestry bureaus;</li>
<li>environment, transport, water and border agencies;</li>
<li>universities, research institutes and forestry planning and GIS institutes;</li>
<li>international NGOs, the UN and intergovernmental organisations;</li>
<li>local NGOs, volunteers and local communities.</li>
</ul>
<p>See <a href="/members/">the member organisations</a>.</p>""",
        "translations": [],
    },
    {
        "slug": "join",
        "position": 40,
        "title": "How to join",
        "summary": "Organisations apply online; the secretariat or the country's focal point decides and tells the applicant either way.",
        "body": """<p>Government agencies, protected-area administrations, research institutes, NGOs and international organisations working for tigers and leopards in North-East Asia are welcome to join.</p>
<ol>
<li>Create an account on the portal and confirm your email address.</li>
<li>Apply on behalf of your organisation on <a href="/members/apply/">the membership application page</a>, for a new organisation or to represent one that is already a member.</li>
<li>The NEASPEC Secretariat or the focal point of your country reviews the application. You receive the decision by email either way, with the reason if the application is not accepted.</li>
<li>Once approved, your organisation is listed among the members: you can keep its profile up to date, join working groups and propose joint activities.</li>
</ol>""",
        "translations": [],
    },
]

# (model, slug, field, language, status, text): translations of other apps' text.
FIELD_TRANSLATIONS = [
    (
        WorkingGroup,
        "joint-survey-monitoring",
        "mandate",
        "zh-hans",
        PUBLISHED,
        "统一调查和监测的方法与标准；通过数据共享平台定期交流和共享监测信息；定期培训工作人员；开展跨境联合调查和监测；开展科研合作。",
    ),
    (
        WorkingGroup,
        "joint-survey-monitoring",
        "mandate",
        "ru",
        PUBLISHED,
        "Согласовать единые методы и стандарты учётов и мониторинга; регулярно обмениваться данными мониторинга через платформу обмена данными; периодически обучать сотрудников; проводить трансграничные совместные учёты и мониторинг; сотрудничать в научных исследованиях.",
    ),
    (
        WorkingGroup,
        "joint-survey-monitoring",
        "mandate",
        "ko",
        DRAFT,  # not reviewed yet: never shown
        "조사 및 모니터링의 통일된 방법과 기준에 합의한다.",
    ),
    (
        Organisation,
        "wwf",
        "description",
        "zh-hans",
        PUBLISHED,
        "国际非政府组织：在东北虎和东北豹栖息地开展红外相机监测、反盗猎、SMART巡护和CA|TS标准工作。",
    ),
    (
        Organisation,
        "wwf",
        "description",
        "ru",
        PUBLISHED,
        "Международная неправительственная организация: фотоловушки, борьба с браконьерством, SMART-патрулирование и стандарт CA|TS в местообитаниях амурского тигра и дальневосточного леопарда.",
    ),
]


def seed_topics():
    for position, (slug, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def _translate(model, owner_field, owner, spec, source_language="en"):
    if model.objects.filter(**{owner_field: owner}, language=spec["language"]).exists():
        return
    row = model(**{owner_field: owner}, source_language=source_language, **spec)
    row.full_clean()
    row.save()


def seed_about_pages():
    for spec in ABOUT_PAGES:
        page = AboutPage.objects.filter(slug=spec["slug"]).first()
        if page is None:
            page = AboutPage(
                slug=spec["slug"],
                position=spec["position"],
                title=spec["title"],
                summary=spec["summary"],
                body=spec["body"],
                status=AboutPage.Status.PUBLISHED,
            )
            page.full_clean()
            page.save()
        for translation in spec["translations"]:
            _translate(AboutPageTranslation, "page", page, translation)


def seed_field_translations():
    for model, slug, field_name, language, status, text in FIELD_TRANSLATIONS:
        target = model.objects.filter(slug=slug).first()
        if target is None:  # that app's demo data is not loaded
            continue
        content_type = ContentType.objects.get_for_model(model)
        if FieldTranslation.objects.filter(
            content_type=content_type, object_id=target.pk, field=field_name, language=language
        ).exists():
            continue
        row = FieldTranslation(
            content_type=content_type,
            object_id=target.pk,
            field=field_name,
            language=language,
            source_language="en",
            status=status,
            text=text,
        )
        row.full_clean()
        row.save()


def _author(slug) -> dict | None:
    """The centre that writes; its host organisation if the centres are not
    there (the activities demo data not loaded); None if neither is."""
    centre = InformationCentre.objects.filter(slug=slug).first()
    if centre is not None:
        return {"author_centre": centre}
    organisation = Organisation.objects.filter(slug=slug).first()
    return {"author_organisation": organisation} if organisation else None


def seed_articles():
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    countries = {country.code: country for country in Country.objects.all()}
    for spec in ARTICLES:
        article = Article.objects.filter(slug=spec["slug"]).first()
        if article is None:
            author = _author(spec["centre"])
            if author is None:
                continue
            article = services.article_create(
                by=None,
                fields={
                    "slug": spec["slug"],
                    "title": spec["title"],
                    "summary": spec["summary"],
                    "body": spec["body"],
                    "status": Article.Status.PUBLISHED,
                    "publish_at": spec["publish_at"],
                    **author,
                },
                countries=[countries[code] for code in spec["countries"] if code in countries],
                topics=[topics[slug] for slug in spec["topics"]],
            )
        for translation in spec["translations"]:
            _translate(ArticleTranslation, "article", article, translation)


# Shared public texts the centres' staff may translate beyond their own
# centre's (TranslationGrant, every object of the kind): (email, model label).
TRANSLATION_GRANTS = [
    (email, label)
    for email in ("centre-ru@demo.example", "centre-cn@demo.example")
    for label in ("news.article", "news.aboutpage", "workinggroups.workinggroup")
]


def seed_translation_grants():
    from django.apps import apps
    from django.contrib.auth import get_user_model

    users = {
        user.email: user
        for user in get_user_model().objects.filter(
            email__in={email for email, _label in TRANSLATION_GRANTS}
        )
    }
    for email, label in TRANSLATION_GRANTS:
        if email not in users:  # seeded without accounts
            continue
        TranslationGrant.objects.get_or_create(
            user=users[email],
            content_type=ContentType.objects.get_for_model(apps.get_model(label)),
            object_id=None,
        )


@transaction.atomic
def seed(*, password, with_accounts):
    """`password` and `with_accounts` are unused: the news and the about pages
    are the partnership's public content, there with or without accounts."""
    seed_topics()
    seed_about_pages()
    seed_articles()
    seed_field_translations()
    seed_names()
    seed_translation_grants()
