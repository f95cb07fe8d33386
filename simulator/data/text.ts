/**
 * Portuguese vocabulary for generated text. Accents, emoji, quotes, apostrophes and line breaks are
 * deliberate: they are what real help-desk data carries and what breaks naive loaders.
 */
import type { Rng } from '../prng.js';

export const FIRST_NAMES = [
  'João',
  'Maria',
  'José',
  'Ana',
  'Luíza',
  'Gonçalo',
  'Conceição',
  'Thaís',
  'Débora',
  'Júlio',
  'Érica',
  'Ângela',
  'Caio',
  'Letícia',
  'Antônio',
  'Fábio',
  'Cláudia',
  'Sérgio',
  'Mônica',
  'Raí',
  'Lúcia',
  'André',
  'Vitória',
  'Patrícia',
  'Márcio',
  'Beatriz',
  'Otávio',
  'Inês',
  'Renê',
  'Yasmin',
] as const;

export const LAST_NAMES = [
  'Silva',
  'Souza',
  'Gonçalves',
  'Araújo',
  'Conceição',
  'Magalhães',
  'Brandão',
  'Müller',
  "D'Ávila",
  'Assunção',
  'Pereira',
  'Lima',
  'Carvalho',
  'Peixoto',
  'Simões',
  'Schütz',
  'Falcão',
  'Nóbrega',
  'Guimarães',
  'Ribeiro',
  "O'Neill",
  'Estêvão',
  'Tavares',
  'Sá',
] as const;

export const COMPANY_STEMS = [
  'Padaria Pão Quente',
  'Indústria São João',
  'Tecnologia Ágil',
  'Açaí & Cia',
  'Construtora "Horizonte"',
  'Farmácia Saúde Já',
  'Transportes Águia',
  'Colégio Dom Pedro',
  'Clínica Bem-Estar',
  'Supermercado Econômico',
  'Metalúrgica Irmãos Büttner',
  'Hotel Serra Azul',
  'Cooperativa Agrícola União',
  "Café D'Oro",
  'Auto Peças Ligeirinho',
  'Escritório Contábil Fé',
  'Laticínios Boa Vista',
  'Gráfica Expressão',
  'Ótica Visão',
  'Distribuidora Maré Alta',
] as const;

export const COMPANY_SUFFIXES = ['Ltda.', 'S.A.', 'ME', 'EIRELI', 'Ltda'] as const;

export const DEPARTMENTS = [
  'Financeiro',
  'Compras',
  'TI',
  'Recursos Humanos',
  'Logística',
  'Diretoria',
] as const;

export const CITIES = [
  ['São Paulo', 'SP'],
  ['Florianópolis', 'SC'],
  ['Joinville', 'SC'],
  ['Blumenau', 'SC'],
  ['Curitiba', 'PR'],
  ['Porto Alegre', 'RS'],
  ['Belo Horizonte', 'MG'],
  ['Goiânia', 'GO'],
  ['Maceió', 'AL'],
  ['Ribeirão Preto', 'SP'],
  ['Jaraguá do Sul', 'SC'],
  ['Niterói', 'RJ'],
] as const;

export const DISTRICTS = [
  'Centro',
  'Jardim América',
  'Vila Olímpia',
  'Itacorubi',
  'Água Verde',
  'Boa Viagem',
  'Trindade',
] as const;

export const STREETS = [
  'Rua XV de Novembro',
  'Avenida Paulista',
  'Rua das Acácias',
  'Travessa São José',
  'Rua Dr. João Colin',
  'Avenida Beira-Mar Norte',
  'Rua Conselheiro Mafra',
  "Rua Sant'Ana",
] as const;

export const ROLES = [
  'Analista de suporte',
  'Coordenadora',
  'Gerente de TI',
  'Técnico de campo',
  'Assistente financeiro',
  'Diretor',
] as const;

const SUBJECTS = [
  'Erro ao emitir nota fiscal',
  'Não consigo acessar o sistema 😞',
  'Dúvida sobre cobrança "duplicada"',
  'Solicitação de troca de senha',
  'Impressora não funciona – urgente!',
  'Integração com o ERP falhando',
  'Relatório de vendas com valores errados',
  'Atualização de cadastro da filial',
  'Lentidão no módulo financeiro',
  'Boleto não foi gerado',
  'Pedido de orçamento 💰',
  "Erro 'Object reference not set' ao salvar",
  'Configuração de e-mail no celular',
  'Certificado digital vencido',
  'Acesso à VPN negado',
  'Sugestão: exportar relatório em Excel',
  'Cancelamento de contrato',
  'Migração de dados – fase 2',
  'Backup não executou esta noite',
  'Treinamento para novos usuários 🚀',
] as const;

const SUBJECT_TAILS = [
  '',
  '',
  '',
  ' (reaberto)',
  ' - filial Joinville',
  ' – ver anexo',
  ' #prioridade',
  ' 🙏',
] as const;

const OPENINGS = [
  'Bom dia,',
  'Boa tarde!',
  'Olá, equipe de suporte.',
  'Prezados,',
  'Oi 👋',
  'Bom dia, tudo bem?',
] as const;

const BODIES = [
  'Ao tentar emitir a nota aparece a mensagem "Falha na comunicação com a SEFAZ".',
  'O sistema está muito lento desde ontem à tarde, principalmente no relatório de comissões.',
  'Preciso alterar o endereço de cobrança para Rua São José, nº 123 – sala 4.',
  "O usuário 'maria.souza' não consegue acessar; diz que a senha expirou.",
  'Segue em anexo o print do erro. Já reiniciei a máquina e não resolveu 🤷.',
  'A integração parou às 03:15 e os pedidos ficaram com status "pendente".',
  'Gostaria de saber se é possível exportar os dados em CSV com separador ";".',
  'Verifiquei o log e encontrei: <timeout> após 30s\tcódigo 504.',
  'Favor verificar com urgência, a operação está parada!!! 😡',
  'Obrigado pelo retorno rápido, ficou tudo certo 👍',
] as const;

const CLOSINGS = [
  'Obrigado.',
  'Att.,\nEquipe Financeiro',
  'Aguardo retorno.',
  'Abraços!',
  '— Enviado do meu iPhone',
  '',
] as const;

export const AGENT_REPLIES = [
  'Olá! Estamos analisando o caso e retornamos em breve.',
  'Ajustei a configuração do servidor de e-mail; pode testar novamente?',
  'O problema foi corrigido na versão 4.2.1 — basta atualizar.',
  'Encaminhei para a equipe de desenvolvimento (chamado interno "DEV-881").',
  'Não conseguimos contato por telefone; aguardamos seu retorno.',
  'Reiniciamos o serviço de integração às 10h12 e os pedidos foram reprocessados ✅.',
  'Solução aplicada conforme procedimento interno nº 7.',
] as const;

export const TAGS = [
  'financeiro',
  'nota-fiscal',
  'acesso',
  'integração',
  'urgente',
  'vip',
  'bug',
  'melhoria',
  'treinamento',
] as const;

export const SURVEY_COMMENTS = [
  'Atendimento excelente, muito obrigado!',
  'Demorou um pouco, mas resolveram.',
  'Não resolveu meu problema 😠',
  'Ótimo! 👏👏',
  'O técnico foi muito atencioso.\nNota 10.',
  'Precisei abrir o chamado "de novo".',
] as const;

export const FILE_NAMES = [
  'print da tela.png',
  'relatório – março.pdf',
  'nota_fiscal_1234.xml',
  'log "erro".txt',
  'planilha orçamento.xlsx',
  'foto_equipamento.jpg',
] as const;

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

export function ticketSubjectText(rng: Rng): string {
  return `${rng.pick(SUBJECTS)}${rng.pick(SUBJECT_TAILS)}`;
}

/** Plain-text action body; mixes \n and \r\n like content pasted from different mail clients. */
export function customerMessage(rng: Rng): string {
  const nl = rng.chance(0.3) ? '\r\n' : '\n';
  const parts: string[] = [rng.pick(OPENINGS), rng.pick(BODIES)];
  if (rng.chance(0.4)) parts.push(rng.pick(BODIES));
  const closing = rng.pick(CLOSINGS);
  if (closing) parts.push(closing);
  return parts.join(nl);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function toHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/** ASCII-only slug for e-mail addresses. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}
